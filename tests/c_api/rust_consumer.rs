// SPDX-License-Identifier: MIT
// A Rust VMM's use of regspace through the C ABI (include/regspace/c_api.h), with Debian's rustc
// and no crates: the declarations below are written by hand from the header. The Q35 MCH and
// edu in a dispatch loop, fields by name, reset, a snapshot round trip, explain, and callbacks
// into Rust. Prints "rust consumer: every check held" and exits 0, or names each failed check.
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_uint, c_void};  // (std::ffi has these only from Rust 1.64; Debian 12 has 1.63)

#[repr(C)]
struct Device {
    _private: [u8; 0],
}

#[repr(C)]
struct Callbacks {
    size: u32,
    opaque: *mut c_void,
    on_write: Option<extern "C" fn(*mut c_void, c_uint, *const c_char, c_uint, u64, u64)>,
    set_intx: Option<extern "C" fn(*mut c_void, c_int)>,
    send_msi: Option<extern "C" fn(*mut c_void, u64, u32)>,
    dma_read: Option<extern "C" fn(*mut c_void, u64, *mut c_void, usize) -> c_int>,
    dma_write: Option<extern "C" fn(*mut c_void, u64, *const c_void, usize) -> c_int>,
}

const OK: c_int = 0;
const BAD_SIZE: c_int = 1;
const OUT_OF_RANGE: c_int = 2;
const NOT_FOUND: c_int = 17;
const REFUSED: c_int = 19;
const RESET_COLD: c_int = 0;

extern "C" {
    fn regspace_abi_version() -> u32;
    fn regspace_callbacks_size() -> usize;
    fn regspace_q35_mch_create(cb: *const Callbacks) -> *mut Device;
    fn regspace_edu_create(cb: *const Callbacks) -> *mut Device;
    fn regspace_destroy(d: *mut Device);
    fn regspace_read(d: *mut Device, space: c_uint, offset: u32, size: u32, value: *mut u64) -> c_int;
    fn regspace_write(d: *mut Device, space: c_uint, offset: u32, size: u32, value: u64) -> c_int;
    fn regspace_get_field(d: *const Device, space: c_uint, reg: *const c_char, index: c_uint, field: *const c_char, value: *mut u64) -> c_int;
    fn regspace_set_field(d: *mut Device, space: c_uint, reg: *const c_char, index: c_uint, field: *const c_char, value: u64) -> c_int;
    fn regspace_reset(d: *mut Device, kind: c_int) -> c_int;
    fn regspace_advance(d: *mut Device, ns: u64) -> c_int;
    fn regspace_save(d: *const Device, buf: *mut c_void, cap: usize, needed: *mut usize) -> c_int;
    fn regspace_restore(d: *mut Device, bytes: *const c_void, size: usize, why: *mut c_char, why_cap: usize) -> c_int;
    fn regspace_set_explain(d: *mut Device, on: c_int) -> c_int;
    fn regspace_explain_last(d: *const Device, buf: *mut c_char, cap: usize, needed: *mut usize) -> c_int;
}

#[derive(Default)]
struct Vmm {
    writes: Vec<(String, u64, u64)>,
    intx: i32,
}

extern "C" fn on_write(opaque: *mut c_void, _space: c_uint, reg: *const c_char, _index: c_uint, old: u64, new: u64) {
    let vmm = unsafe { &mut *(opaque as *mut Vmm) };
    let name = unsafe { CStr::from_ptr(reg) }.to_string_lossy().into_owned();
    vmm.writes.push((name, old, new));
}
extern "C" fn set_intx(opaque: *mut c_void, level: c_int) {
    unsafe { (*(opaque as *mut Vmm)).intx = level };
}

struct Checks(u32);
impl Checks {
    fn expect(&mut self, ok: bool, what: &str) {
        if !ok {
            eprintln!("rust consumer: failed: {}", what);
            self.0 += 1;
        }
    }
}

fn read(d: *mut Device, space: c_uint, offset: u32, size: u32) -> (c_int, u64) {
    let mut v = 0u64;
    let st = unsafe { regspace_read(d, space, offset, size, &mut v) };
    (st, v)
}

fn main() {
    let mut c = Checks(0);
    let mut vmm = Vmm::default();
    let cb = Callbacks {
        size: std::mem::size_of::<Callbacks>() as u32,
        opaque: &mut vmm as *mut Vmm as *mut c_void,
        on_write: Some(on_write),
        set_intx: Some(set_intx),
        send_msi: None,
        dma_read: None,
        dma_write: None,
    };
    unsafe {
        c.expect(regspace_abi_version() == 1, "ABI version 1");
        c.expect(regspace_callbacks_size() == std::mem::size_of::<Callbacks>(), "the callbacks struct has the C layout");

        let mch = regspace_q35_mch_create(&cb);
        c.expect(!mch.is_null(), "MCH created");
        // A dispatch loop over a firmware-like trace: (write?, offset, size, value).
        let trace: [(bool, u32, u32, u64); 6] =
            [(false, 0x00, 4, 0), (true, 0x60, 4, 0xe000_0001), (false, 0x60, 4, 0), (true, 0x90, 1, 0x30), (false, 0x100, 4, 0), (false, 0, 3, 0)];
        let mut answers = Vec::new();
        for &(w, off, size, val) in trace.iter() {
            if w {
                answers.push((regspace_write(mch, 0, off, size, val), 0));
            } else {
                answers.push(read(mch, 0, off, size));
            }
        }
        c.expect(answers[0] == (OK, 0x29c0_8086), "MCH identity");
        c.expect(answers[2] == (OK, 0xe000_0001), "PCIEXBAR moved and enabled");
        c.expect(answers[4] == (OUT_OF_RANGE, 0xffff_ffff), "past the space: all-ones");
        c.expect(answers[5].0 == BAD_SIZE, "a 3-byte access is refused");
        c.expect(vmm.writes.len() == 2 && vmm.writes[1] == ("PAM0".to_string(), 0, 0x30), "on_write saw PCIEXBAR and PAM0");

        let mut v = 0u64;
        let reg = b"PAM0\0".as_ptr() as *const c_char;
        let field = b"HIENABLE\0".as_ptr() as *const c_char;
        c.expect(regspace_get_field(mch, 0, reg, 0, field, &mut v) == OK && v == 3, "PAM0.HIENABLE by name");
        c.expect(regspace_set_field(mch, 0, reg, 0, field, 1) == OK && read(mch, 0, 0x90, 1) == (OK, 0x10), "set by name");
        c.expect(regspace_get_field(mch, 0, b"NOPE\0".as_ptr() as *const c_char, 0, field, &mut v) == NOT_FOUND, "unknown register");

        let mut needed = 0usize;
        c.expect(regspace_save(mch, std::ptr::null_mut(), 0, &mut needed) != OK && needed > 0, "save asks for room");
        let mut snap = vec![0u8; needed];
        c.expect(regspace_save(mch, snap.as_mut_ptr() as *mut c_void, snap.len(), &mut needed) == OK, "saved");
        c.expect(regspace_reset(mch, RESET_COLD) == OK && read(mch, 0, 0x60, 4) == (OK, 0xb000_0000), "cold reset");
        c.expect(regspace_restore(mch, snap.as_ptr() as *const c_void, snap.len(), std::ptr::null_mut(), 0) == OK, "restored");
        c.expect(read(mch, 0, 0x60, 4) == (OK, 0xe000_0001), "the snapshot came back");
        let mut why = [0 as c_char; 128];
        snap[4] ^= 1;
        c.expect(regspace_restore(mch, snap.as_ptr() as *const c_void, snap.len(), why.as_mut_ptr(), why.len()) == REFUSED, "a corrupted snapshot is refused");
        c.expect(!CStr::from_ptr(why.as_ptr()).to_bytes().is_empty(), "with a reason");

        c.expect(regspace_set_explain(mch, 1) == OK && regspace_write(mch, 0, 0x90, 1, 0x11) == OK, "explained write");
        let mut text = vec![0 as c_char; 8192];
        c.expect(regspace_explain_last(mch, text.as_mut_ptr(), text.len(), &mut needed) == OK, "explanation read");
        let text = CStr::from_ptr(text.as_ptr()).to_string_lossy().into_owned();
        c.expect(text.contains("PAM0") && text.contains("HIENABLE"), "the explanation names the register and field");
        regspace_destroy(mch);

        let edu = regspace_edu_create(&cb);
        c.expect(!edu.is_null(), "edu created");
        c.expect(regspace_write(edu, 0, 0x10, 4, 0xfea0_0000) == OK && regspace_write(edu, 0, 0x04, 2, 2) == OK, "BAR0 programmed");
        c.expect(regspace_write(edu, 1, 0x08, 4, 6) == OK && regspace_advance(edu, 1) == OK, "factorial started, time passed");
        c.expect(read(edu, 1, 0x08, 4) == (OK, 720), "6! = 720");
        c.expect(regspace_write(edu, 1, 0x60, 4, 1) == OK && vmm.intx == 1, "INTx raised into Rust");
        c.expect(regspace_write(edu, 1, 0x64, 4, 1) == OK && vmm.intx == 0, "and lowered");
        regspace_destroy(edu);
    }
    if c.0 != 0 {
        eprintln!("rust consumer: {} checks failed", c.0);
        std::process::exit(1);
    }
    println!("rust consumer: every check held");
}
