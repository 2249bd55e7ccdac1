#!/usr/bin/env node
// The headless CLI, built by `npm install` (prepare) into out/main/cli.js. Node keeps the
// compiled code of the bundle between runs (node:module's compile cache), so a run starts in
// about half the time; where that is unavailable it simply compiles.
require('node:module').enableCompileCache?.();
require('../out/main/cli.js');
