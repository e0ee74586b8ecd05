// SPDX-License-Identifier: MIT
// regspace/export.hpp - register documentation generated from the descriptors.
//
//   wavedrom_reg(r)            WaveDrom "reg" JSON of one register: {"reg": [...], "config": {...}},
//                              the input the `bit-field` npm package renders to SVG
//   markdown_reference(s, o)   a Markdown register reference: summary table, then per register
//                              its diagram, offset, width, reset, spec and a table of fields
//   json_register_map(s)       the whole space as machine-readable JSON
//
// All three read describe<Space>() only, so the documentation cannot drift from the handler.
// Output is deterministic (same descriptors, same bytes): the generated references in docs/ are
// compared with a fresh generation by a test (docs/CMakeLists.txt).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <regspace/access.hpp>
#include <regspace/detail/text.hpp>
#include <regspace/introspect.hpp>

namespace regspace {

namespace detail::doc {
using detail::bit_range;
using detail::hex;
inline std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += ch;  // UTF-8 (e.g. '§') passes through
                }
        }
    }
    return out + '"';
}
// Markdown table cells: '|' would end the cell.
inline std::string md_cell(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '|') out += "\\|";
        else out += c;
    }
    return out;
}
// bit-field colours by what the policy does (access::table; types 2-7 are its palette): reserved
// 0, read-only 2, plain read-write 4, bits a write or read changes by rule 5, bits stored only
// sometimes or not readable 6.
inline int diagram_type(access::kind k) {
    using access::write_effect;
    const access::semantics& s = access::semantics_of(k);
    if (s.reserved) return 0;
    if (s.read_clears || s.write == write_effect::one_clears || s.write == write_effect::one_sets ||
        s.write == write_effect::one_toggles || s.write == write_effect::zero_clears ||
        s.write == write_effect::zero_sets || s.write == write_effect::triggers)
        return 5;
    if (s.reads_zero || s.write == write_effect::stored_once || s.write == write_effect::stored_unless_locked)
        return 6;
    return s.write == write_effect::ignored ? 2 : 4;
}
inline bool is_reserved(access::kind k) { return access::semantics_of(k).reserved; }
}  // namespace detail::doc

// A register's file-system and anchor name, unique in its space: "0x04-COMMAND".
[[nodiscard]] inline std::string register_slug(const register_info& r) {
    std::string s = detail::doc::hex(r.offset, r.offset > 0xff ? 3 : 2) + "-";
    for (const char c : r.name) s += (c == '/' || c == ' ' || c == '[' || c == ']' || c == ':') ? '_' : c;
    return s;
}

// WaveDrom "reg" JSON: fields from bit 0 up, undeclared bits as unnamed gaps. A name wider than
// its field is drawn rotated, and the diagram made tall enough for the longest such name, so no
// name overlaps its neighbours (bit-field draws text at about 0.6 em per character).
[[nodiscard]] inline std::string wavedrom_reg(const register_info& r) {
    using namespace detail::doc;
    const unsigned bits = r.bytes * 8;
    // Registers up to 32 bits in one lane, 64 bits in two.
    const unsigned lanes = bits > 32 ? 2 : 1;
    const unsigned hspace = bits <= 8 ? 400 : bits <= 16 ? 640 : 900;
    const double bit_px = (hspace - 8.0) / (bits / lanes), char_px = 14 * 0.6;
    std::vector<const field_info*> order;
    for (const field_info& f : r.fields) order.push_back(&f);
    std::sort(order.begin(), order.end(), [](const field_info* a, const field_info* b) { return a->lsb < b->lsb; });
    std::string out = "{\"reg\": [";
    unsigned at = 0;
    bool first = true;
    double tallest = 0;
    auto item = [&](const std::string& s) {
        out += first ? "\n  " : ",\n  ";
        first = false;
        out += s;
    };
    for (const field_info* f : order) {
        if (f->lsb > at) item("{\"bits\": " + std::to_string(f->lsb - at) + "}");
        std::string s = "{\"name\": " + json_string(f->name) + ", \"bits\": " + std::to_string(f->width) +
                        ", \"attr\": " + json_string(access::to_string(f->policy)) +
                        ", \"type\": " + std::to_string(diagram_type(f->policy));
        const double text_px = static_cast<double>(f->name.size()) * char_px;
        if (text_px > bit_px * f->width - 4) {
            s += ", \"rotate\": -90";
            if (text_px > tallest) tallest = text_px;
        }
        item(s + "}");
        at = f->lsb + f->width;
    }
    if (at < bits) item("{\"bits\": " + std::to_string(bits - at) + "}");
    const unsigned vspace = tallest > 0 ? static_cast<unsigned>(tallest) + 56 : 80;
    out += "\n], \"config\": {\"bits\": " + std::to_string(bits) + ", \"lanes\": " + std::to_string(lanes) +
           ", \"hspace\": " + std::to_string(hspace) + ", \"vspace\": " + std::to_string(vspace < 80 ? 80 : vspace) +
           "}}\n";
    return out;
}

struct reference_options {
    std::string title;          // the page's heading
    std::string intro;          // a paragraph under it (Markdown)
    std::string_view block;     // only registers of this block and of its arrays, blocks named "<block> ..."
                                // ("" with top_level: only top-level ones)
    bool top_level = false;     // only registers not placed from a block
    std::string image_dir;      // relative directory of the SVG diagrams (<slug>.svg); empty: none
};

[[nodiscard]] inline bool in_reference(const register_info& r, const reference_options& o) {
    if (o.top_level) return r.block.empty();
    if (o.block.empty() || r.block == o.block) return true;
    // A capability's register arrays are blocks of their own named after it ("AER header log").
    return r.block.size() > o.block.size() && r.block.substr(0, o.block.size()) == o.block &&
           r.block[o.block.size()] == ' ';
}

// A Markdown register reference.
[[nodiscard]] inline std::string markdown_reference(const space_info& s, const reference_options& o) {
    using namespace detail::doc;
    std::vector<const register_info*> regs;
    for (const register_info& r : s.registers)
        if (in_reference(r, o)) regs.push_back(&r);
    std::sort(regs.begin(), regs.end(), [](const register_info* a, const register_info* b) { return a->offset < b->offset; });

    std::string out = "# " + o.title + "\n\n";
    out += "<!-- Generated by regspace-docs from the regspace descriptors; do not edit. -->\n\n";
    if (!o.intro.empty()) out += o.intro + "\n\n";
    out += "Space `" + std::string(s.name) + "`: " + std::to_string(s.size) + " bytes, guest accesses of 1, 2, 4" +
           (s.max_access >= 8 ? ", 8" : "") + " bytes" + (s.size_rules.empty() ? " at any offset" : "");
    // The size rules (access_size.hpp), as the guest path applies them.
    for (const size_rule_info& r : s.size_rules) {
        out += "; ";
        out += r.reg.empty() ? "bytes " + hex(r.begin, 2) + "-" + hex(r.end - 1, 2) : "register " + std::string(r.reg);
        out += std::string(" take") + (r.reg.empty() ? "" : "s") + " only";
        const char* sep = " ";
        for (unsigned n = 1; n <= 8; n *= 2) {
            if (!((r.sizes >> n) & 1u)) continue;
            out += sep + std::to_string(n);
            sep = ", ";
        }
        out += std::string(" bytes") + (r.writes_only ? " for writes" : "") + (r.aligned ? ", naturally aligned" : "") +
               " (others are refused: a read returns " +
               (r.reads_zero ? "0" : "all-ones") + ", a write changes nothing)";
    }
    out += "; bytes no register covers: " + std::string(s.unmapped) + ".\n\n";
    out += "| Offset | Register | Bits | Reset | Description | Spec |\n|---|---|---|---|---|---|\n";
    for (const register_info* r : regs) {
        std::string off = hex(r->offset, r->offset > 0xff ? 3 : 2);
        if (r->count > 1) off += " + " + hex(r->stride, 0) + " * i (i < " + std::to_string(r->count) + ")";
        out += "| " + off + " | [" + std::string(r->name) + "](#" + register_slug(*r) + ") | " +
               std::to_string(r->bytes * 8) + " | " + hex(r->reset, r->bytes * 2) + " | " + md_cell(r->description) +
               " | " + md_cell(r->spec) + " |\n";
    }
    for (const register_info* r : regs) {
        out += "\n<a id=\"" + register_slug(*r) + "\"></a>\n## " + hex(r->offset, r->offset > 0xff ? 3 : 2) + " " +
               std::string(r->name);
        if (!r->description.empty()) out += " - " + std::string(r->description);
        out += "\n\n";
        std::string facts = std::to_string(r->bytes * 8) + " bits, reset " + hex(r->reset, r->bytes * 2);
        if (r->count > 1)
            facts += ", " + std::to_string(r->count) + " elements every " + hex(r->stride, 0) + " bytes";
        if (!r->block.empty()) facts += ", in " + std::string(r->block) + " at " + hex(r->placement, 2);
        if (!r->spec.empty()) facts += ". Spec: " + std::string(r->spec);
        facts += ". Bits no field declares: " + std::string(access::to_string(r->reserved)) + ".";
        if (r->has_device_logic) facts += " Device logic runs on writes (a rule or action).";
        out += facts + "\n\n";
        if (!o.image_dir.empty())
            out += "![" + std::string(r->name) + " bit layout](" + o.image_dir + "/" + register_slug(*r) + ".svg)\n\n";
        if (r->fields.empty()) {
            out += "No fields: every bit is reserved.\n";
            continue;
        }
        std::vector<const field_info*> fs;
        for (const field_info& f : r->fields) fs.push_back(&f);
        std::sort(fs.begin(), fs.end(), [](const field_info* a, const field_info* b) { return a->lsb > b->lsb; });
        out += "| Bits | Field | Access | Reset | Description |\n|---|---|---|---|---|\n";
        for (const field_info* f : fs) {
            std::string d = md_cell(f->description);
            if (f->policy == access::kind::rw_lock)
                d += (d.empty() ? "" : "; ") + std::string("locked by ") + std::string(f->lock_register) + "." +
                     std::string(f->lock_field);
            if (!f->values.empty()) {
                d += d.empty() ? "" : ": ";
                for (std::size_t i = 0; i < f->values.size(); ++i) {
                    if (i) d += ", ";
                    d += std::to_string(f->values[i].number) + " = " + md_cell(f->values[i].name);
                }
            }
            if (!f->spec.empty()) d += " (" + md_cell(f->spec) + ")";
            out += "| " + bit_range(f->lsb, f->width) + " | " + std::string(f->name) + " | " +
                   std::string(access::to_string(f->policy)) + " | " +
                   (f->width <= 4 ? std::to_string(f->reset) : hex(f->reset, (f->width + 3) / 4)) + " | " + d + " |\n";
        }
    }
    return out;
}

// The whole space as JSON: every register and field with its policy, reset, description, spec
// reference and named values.
[[nodiscard]] inline std::string json_register_map(const space_info& s) {
    using namespace detail::doc;
    std::string out = "{\n  \"name\": " + json_string(s.name) + ",\n  \"size\": " + std::to_string(s.size) +
                      ",\n  \"max_access\": " + std::to_string(s.max_access) + ",\n  \"unmapped\": " +
                      json_string(s.unmapped) + ",\n  \"registers\": [";
    std::vector<const register_info*> regs;
    for (const register_info& r : s.registers) regs.push_back(&r);
    std::sort(regs.begin(), regs.end(), [](const register_info* a, const register_info* b) { return a->offset < b->offset; });
    for (std::size_t i = 0; i < regs.size(); ++i) {
        const register_info& r = *regs[i];
        out += i ? ",\n    {" : "\n    {";
        out += "\"name\": " + json_string(r.name) + ", \"offset\": " + std::to_string(r.offset) +
               ", \"bytes\": " + std::to_string(r.bytes) + ", \"count\": " + std::to_string(r.count) +
               ", \"stride\": " + std::to_string(r.stride) + ", \"reset\": " + std::to_string(r.reset) +
               ",\n     \"block\": " + json_string(r.block) + ", \"description\": " + json_string(r.description) +
               ", \"spec\": " + json_string(r.spec) + ", \"reserved\": " + json_string(access::to_string(r.reserved)) +
               ", \"device_logic\": " + (r.has_device_logic ? "true" : "false") + ",\n     \"fields\": [";
        for (std::size_t j = 0; j < r.fields.size(); ++j) {
            const field_info& f = r.fields[j];
            out += j ? ",\n       {" : "\n       {";
            out += "\"name\": " + json_string(f.name) + ", \"lsb\": " + std::to_string(f.lsb) +
                   ", \"width\": " + std::to_string(f.width) + ", \"access\": " + json_string(access::to_string(f.policy)) +
                   ", \"reset\": " + std::to_string(f.reset) + ", \"description\": " + json_string(f.description) +
                   ", \"spec\": " + json_string(f.spec);
            if (f.policy == access::kind::rw_lock)
                out += ", \"lock\": {\"register\": " + json_string(f.lock_register) +
                       ", \"field\": " + json_string(f.lock_field) + "}";
            if (!f.values.empty()) {
                out += ", \"values\": [";
                for (std::size_t k = 0; k < f.values.size(); ++k) {
                    if (k) out += ", ";
                    out += "{\"value\": " + std::to_string(f.values[k].number) + ", \"name\": " +
                           json_string(f.values[k].name);
                    if (!f.values[k].description.empty())
                        out += ", \"description\": " + json_string(f.values[k].description);
                    out += "}";
                }
                out += "]";
            }
            out += "}";
        }
        out += r.fields.empty() ? "]}" : "\n     ]}";
    }
    out += "\n  ]\n}\n";
    return out;
}

}  // namespace regspace
