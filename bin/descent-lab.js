#!/usr/bin/env node
// The headless CLI, built by `npm install` (prepare) into out/main/cli.js.
require('../out/main/cli.js');
