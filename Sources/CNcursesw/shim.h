// The wide-character curses API is only declared with this set (see architecture.md).
#ifndef KMMTOP_CNCURSESW_SHIM_H
#define KMMTOP_CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>
#include <ncurses.h>

// Macros and C globals Swift cannot import (or rejects as unsafe under Swift 6), re-exported as functions.
static inline attr_t kmm_a_bold(void) { return A_BOLD; }
static inline attr_t kmm_a_reverse(void) { return A_REVERSE; }
static inline attr_t kmm_a_dim(void) { return A_DIM; }
static inline attr_t kmm_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kmm_a_normal(void) { return A_NORMAL; }
static inline int kmm_key_f(int n) { return KEY_F(n); }
static inline WINDOW *kmm_stdscr(void) { return stdscr; }
static inline int kmm_lines(void) { return LINES; }
static inline int kmm_cols(void) { return COLS; }
static inline int kmm_colors(void) { return COLORS; }
static inline int kmm_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int kmm_color_pairs(void) { return COLOR_PAIRS; }
// The C library's `stdin`/`stdout` are mutable globals Swift 6 rejects; `newterm` needs them.
static inline FILE *kmm_stdin(void) { return stdin; }
static inline FILE *kmm_stdout(void) { return stdout; }

// The mouse: the first button's press and release (curses' button masks are macros).
static inline mmask_t kmm_button1_events(void) { return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED; }
static inline mmask_t kmm_button1_pressed(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline int kmm_key_mouse(void) { return KEY_MOUSE; }

// Line drawing from the terminal's own alternate character set, for terminals without UTF-8.
static inline chtype kmm_acs_hline(void) { return ACS_HLINE; }
static inline chtype kmm_acs_vline(void) { return ACS_VLINE; }
static inline chtype kmm_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype kmm_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype kmm_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype kmm_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype kmm_color_pair(int n) { return COLOR_PAIR(n); }

// Whether the locale's character set is UTF-8 (after setlocale).
static inline int kmm_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

// Whether the terminal can address the cursor (TERM=dumb cannot: the board falls back to plain text).
static inline int kmm_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

#endif
