// Restoring the terminal when the process dies of a fatal signal (a trap, an abort). In C, because a
// signal handler may only call async-signal-safe functions, and its state must live in one place.
#ifndef KMMTOP_TERMINAL_RESCUE_H
#define KMMTOP_TERMINAL_RESCUE_H

/// Saves the terminal modes of stdin as they are before curses changes them.
void kmm_rescue_save_modes(void);

/// From now on a fatal signal first writes `leaving` (the bytes that leave curses: attributes off,
/// cursor on, main screen) to stdout and puts the saved modes back, then goes to whoever handled it
/// before (Swift's backtracer, or the default action).
void kmm_rescue_install(const char *leaving);

/// Puts the previous handlers back (after a clean exit from curses).
void kmm_rescue_remove(void);

#endif
