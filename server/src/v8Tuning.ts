/**
 * V8 settings for the language server and the CLI, applied by their entry files before any of
 * the indexing code runs (imported first, for this side effect only).
 *
 * Why: a cold index is a short burst through a few hundred small scanning functions. V8 optimises
 * each of them while the burst runs, and by default it inlines generously: the small helpers
 * (identifier ends, keyword tests, statement ends) are copied into every caller, and optimising
 * the tree-less reader's functions took about 600 ms of compiler time for 10,000 files, most of
 * it while those files ran unoptimised (the first 4,000 at 30-70 µs each, the rest at 11 µs).
 * With a smaller inlining budget each optimisation is cheap and arrives early: the in-process
 * index of 10,000 files went from 559 to 488 ms median (5,000: 376 to 321 ms; A/B, 10 runs
 * each, budgets 25 to 150 within noise of each other), while the steady state costs 13 instead
 * of 11 µs per file. Only code generation changes, never behaviour.
 *
 * The flag has existed under this name since V8 7 (Node 12) and still does; an engine without it
 * prints one warning on standard error and runs with its defaults.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytecode size V8 may inline into one optimised function, all inlined callees together (V8's default: 920). */
export const INLINING_BUDGET = 100;

setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINING_BUDGET}`);
