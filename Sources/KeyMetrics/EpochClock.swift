#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock in epoch milliseconds: the one the client stamps requests with, the engine and the
/// server judge windows and tokens by, and the board's actions carry. One definition, so they agree.
public enum EpochClock {
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
