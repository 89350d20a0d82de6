#!/usr/bin/env node
/** `shomei-server`, the published package's bin: the server from the environment (../main.ts). */
import '../main.js';
