/// Calendar dates from day counts, by arithmetic (no `Calendar`, no locale, no allocation): the board's
/// clock and the server's `Date` header both need them, on every frame and every answer.
public enum CivilDate {
    /// Year, month (1...12) and day (1...31) of a day count since 1970-01-01, proleptic Gregorian
    /// (Howard Hinnant's `civil_from_days`).
    public static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
