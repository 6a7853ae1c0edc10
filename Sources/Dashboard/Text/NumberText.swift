/// Numbers as text without ever trapping: fixed decimals for values in range, and a compact SI form
/// (`1.2M`, `9.0P`) or an overflow form (`>999E`) for the rest. Every conversion to an integer is
/// range-checked first (a finite `1e300` from a server must not become `Int64(1e300)`).
public enum NumberText {
    /// Largest magnitude written in full digits (below 2^53, so every whole double in it is exact).
    public static let fullLimit = 1e15

    /// `value` with `decimals` (0…3) digits after the point, rounded with `rule`; `nil` when it is not
    /// finite or too large to write in full.
    public static func fixed(_ value: Double, decimals: Int = 0, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String? {
        guard value.isFinite else { return nil }
        let decimals = max(0, min(3, decimals))
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded(rule)
        guard abs(scaled) < fullLimit else { return nil }
        let whole = Int64(scaled)
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let divisor = UInt64(scale)
        var text = sign + String(magnitude / divisor)
        if decimals > 0 {
            let fraction = String(magnitude % divisor + divisor).dropFirst()
            text += "." + fraction
        }
        return text
    }

    private static let prefixes: [(Double, String)] = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]

    /// At most `width` columns: the whole number when it fits, else `12k`, `1.2M`, `9.0P`; `>999E`
    /// (or `<-999E`) past the largest prefix.
    public static func compactCount(_ value: Double, width: Int = 6) -> String {
        guard value.isFinite else { return "?" }
        if let whole = fixed(value), whole.count <= width { return whole }
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        for (size, prefix) in prefixes where magnitude >= size * 0.9995 {
            let scaled = magnitude / size
            guard scaled < 999.5 else { return value < 0 ? "<-999E" : ">999E" }
            let text = scaled < 9.95 ? fixed(scaled, decimals: 1) ?? "?" : fixed(scaled) ?? "?"
            return sign + text + prefix
        }
        return fixed(value) ?? "?"
    }
}
