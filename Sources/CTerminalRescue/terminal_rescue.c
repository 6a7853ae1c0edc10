#include "terminal_rescue.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_modes;
static volatile sig_atomic_t have_saved_modes;
static char leaving_bytes[256];
static volatile size_t leaving_length;
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
enum { fatal_count = sizeof fatal_signals / sizeof fatal_signals[0] };
static struct sigaction previous_actions[fatal_count];
static int installed;

static void fatal_handler(int sig) {
    if (leaving_length > 0) {
        ssize_t written = write(STDOUT_FILENO, leaving_bytes, leaving_length);
        (void)written;
    }
    if (have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    for (int i = 0; i < fatal_count; i++) {
        if (fatal_signals[i] == sig) sigaction(sig, &previous_actions[i], NULL);
    }
    raise(sig);
}

void kmm_rescue_save_modes(void) {
    have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

void kmm_rescue_install(const char *leaving) {
    size_t length = strlen(leaving);
    if (length >= sizeof leaving_bytes) length = sizeof leaving_bytes - 1;
    memcpy(leaving_bytes, leaving, length);
    leaving_length = length;
    if (installed) return;
    installed = 1;
    for (int i = 0; i < fatal_count; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = fatal_handler;
        action.sa_flags = SA_NODEFER | SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(fatal_signals[i], &action, &previous_actions[i]);
    }
}

void kmm_rescue_remove(void) {
    if (!installed) return;
    installed = 0;
    leaving_length = 0;
    for (int i = 0; i < fatal_count; i++) sigaction(fatal_signals[i], &previous_actions[i], NULL);
}
