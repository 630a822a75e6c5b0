import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);

// src/util/interrupt.ts
var GRACE_MS = 5e3;
var SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 };
var Interrupted = class extends Error {
  constructor(signalName) {
    super(`cancelled by ${signalName}`);
    this.signalName = signalName;
    this.name = "Interrupted";
  }
  signalName;
};
function watchInterrupts(graceMs = GRACE_MS) {
  const controller = new AbortController();
  let code = null;
  const onSignal = (name) => {
    const exit = 128 + SIGNAL_NUMBERS[name];
    if (code !== null) process.exit(exit);
    code = exit;
    controller.abort(new Interrupted(name));
    setTimeout(() => process.exit(exit), graceMs).unref();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    }
  };
}

export {
  GRACE_MS,
  Interrupted,
  watchInterrupts
};
