import KeyMetrics
/// Absolute times as text, without Foundation, in the viewer's time zone: `10:02:11` for the breach
/// log, ISO 8601 for the plain renderer's report stamps (`2026-12-02T00:42:36+01:00`).
public enum ClockText {
    /// `HH:MM:SS`.
    public static func time(_ millis: Int64, offsetSeconds: Int) -> String {
        let seconds = split(millis, offsetSeconds: offsetSeconds).seconds
        return "\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))"
    }

    public static func iso8601(_ millis: Int64, offsetSeconds: Int) -> String {
        let (days, seconds) = split(millis, offsetSeconds: offsetSeconds)
        let (year, month, day) = CivilDate.fromDays(days)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offset = Int64(abs(offsetSeconds))
        return "\(year)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))"
            + "\(sign)\(two(offset / 3600)):\(two(offset % 3600 / 60))"
    }

    /// Local days since 1970-01-01 and seconds into the day.
    static func split(_ millis: Int64, offsetSeconds: Int) -> (days: Int64, seconds: Int64) {
        let local = millis / 1000 + Int64(offsetSeconds) - (millis % 1000 < 0 ? 1 : 0)
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        return (days, seconds)
    }

    static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
}
