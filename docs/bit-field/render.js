#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// render.js WAVEDROM_DIR SVG_DIR: renders every WaveDrom "reg" JSON under WAVEDROM_DIR
// ({"reg": [...], "config": {...}}, written by regspace-docs) to an SVG at the same relative path
// under SVG_DIR, with the pinned bit-field package (package.json, package-lock.json), in one
// process. Output is deterministic, so the committed SVGs can be compared with a fresh render.
'use strict';
const fs = require('fs');
const path = require('path');
const render = require('bit-field/lib/render');
const onml = require('onml');

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: render.js WAVEDROM_DIR SVG_DIR');
  process.exit(2);
}

function walk(dir) {
  return fs.readdirSync(dir, {withFileTypes: true})
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

let n = 0;
for (const file of walk(src).filter((f) => f.endsWith('.json'))) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const cfg = doc.config || {};
  const opt = {
    bits: cfg.bits, lanes: cfg.lanes || 1, hspace: cfg.hspace || 640, vspace: cfg.vspace || 80,
    fontsize: 14, fontfamily: 'sans-serif', fontweight: 'normal',
  };
  const out = path.join(dst, path.relative(src, file)).replace(/\.json$/, '.svg');
  fs.mkdirSync(path.dirname(out), {recursive: true});
  fs.writeFileSync(out, onml.s(render(doc.reg, opt), 2) + '\n');
  ++n;
}
console.log(`render.js: ${n} diagrams`);
