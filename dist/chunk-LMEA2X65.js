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
function untilAborted(work, signal, discard) {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error("cancelled"));
      work.then(discard, () => void 0);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    );
  });
}

export {
  GRACE_MS,
  Interrupted,
  watchInterrupts,
  untilAborted
};
