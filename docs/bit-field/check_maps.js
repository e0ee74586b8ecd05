#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// check_maps.js FILE...: each JSON register map (regspace-docs, json_register_map) parses, and
// its registers and fields are consistent: fields inside their register, no two overlapping,
// named values inside their field, elements inside the space.
'use strict';
const fs = require('fs');
let errors = 0;
function fail(file, what) {
  console.error(`${file}: ${what}`);
  ++errors;
}
for (const file of process.argv.slice(2)) {
  const map = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!map.name || !(map.size > 0) || !Array.isArray(map.registers) || map.registers.length === 0) {
    fail(file, 'not a register map');
    continue;
  }
  for (const r of map.registers) {
    const bits = r.bytes * 8;
    if (r.offset + (r.count - 1) * r.stride + r.bytes > map.size) fail(file, `${r.name} past the space`);
    let used = 0n;
    for (const f of r.fields) {
      if (f.lsb + f.width > bits) fail(file, `${r.name}.${f.name} past its register`);
      const mask = ((1n << BigInt(f.width)) - 1n) << BigInt(f.lsb);
      if (used & mask) fail(file, `${r.name}.${f.name} overlaps another field`);
      used |= mask;
      for (const v of f.values || []) {
        if (BigInt(v.value) >> BigInt(f.width)) fail(file, `${r.name}.${f.name}: value ${v.value} too wide`);
      }
    }
  }
  console.log(`${file}: ${map.registers.length} registers`);
}
process.exit(errors ? 1 : 0);
