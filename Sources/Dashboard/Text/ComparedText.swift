import KeyMetrics

/// A value and a threshold line written so that the comparison between them reads true as printed:
/// `5m00.4s > 5m`, not `5m > 5m`; `95.3% > 95%`, not `95% > 95%`. The value gets the least precision
/// at which its printed form is still strictly past the line; at the finest precision it is rounded
/// away from the line, so the claim can never flip.
public enum ComparedText {
    static let precisions = 0...3

    /// The line as the configuration means it: `5m`, `1h30m`, `95%`, `2.5%`, `3`, `2.5`.
    public static func line(_ line: Double, unit: Metric.Unit) -> String {
        for precision in precisions where abs(rounded(line, unit: unit, precision: precision) - line) <= abs(line) * 1e-12 {
            return trimmed(text(line, unit: unit, precision: precision, rule: .toNearestOrAwayFromZero), unit: unit)
        }
        return text(line, unit: unit, precision: precisions.upperBound, rule: .toNearestOrAwayFromZero)
    }

    /// `value` written precisely enough to read as strictly past `line` in `direction` (it must be).
    public static func value(_ value: Double, pastLine line: Double, direction: Threshold.Direction, unit: Metric.Unit) -> String {
        for precision in precisions {
            let rule: FloatingPointRoundingRule =
                precision == precisions.upperBound ? (direction == .above ? .up : .down) : .toNearestOrAwayFromZero
            // Compared in steps of the precision, with room for binary noise: 95 × 0.01 is 0.9500000000000001,
            // and "95%" must not pass for more than a 95 % line.
            let step = self.step(value, unit: unit, precision: precision)
            let printed = (value / step).rounded(rule)
            let limit = line / step
            let noise = 1e-9 * max(1, abs(limit))
            if direction == .above ? printed > limit + noise : printed < limit - noise {
                return text(value, unit: unit, precision: precision, rule: rule)
            }
        }
        return text(value, unit: unit, precision: precisions.upperBound, rule: direction == .above ? .up : .down)
    }

    /// The number a text at `precision` stands for.
    static func rounded(_ value: Double, unit: Metric.Unit, precision: Int, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Double {
        let step = step(value, unit: unit, precision: precision)
        return (value / step).rounded(rule) * step
    }

    /// The smallest difference a text at `precision` shows, in the unit's base (ms, fraction, count).
    static func step(_ value: Double, unit: Metric.Unit, precision: Int) -> Double {
        switch unit {
        case .count: [1, 0.1, 0.01, 0.001][precision]
        case .fraction: [0.01, 0.001, 0.0001, 0.00001][precision]
        case .milliseconds: durationPrecision(precision).step(for: abs(value))
        }
    }

    static func text(_ value: Double, unit: Metric.Unit, precision: Int, rule: FloatingPointRoundingRule) -> String {
        switch unit {
        case .count:
            NumberText.fixed(value, decimals: precision, rounding: rule) ?? NumberText.compactCount(value)
        case .fraction:
            MetricText.percent(value, decimals: precision, rounding: rule)
        case .milliseconds:
            DurationText.format(milliseconds: value, precision: durationPrecision(precision), rounding: rule) ?? "?"
        }
    }

    static func durationPrecision(_ precision: Int) -> DurationText.Precision {
        DurationText.Precision(rawValue: precision) ?? .millis
    }

    /// `5m00s` → `5m`, `1h00m` → `1h`, `2d00h` → `2d`: a line reads as typed.
    static func trimmed(_ text: String, unit: Metric.Unit) -> String {
        guard unit == .milliseconds else { return text }
        for (suffix, unitLetter) in [("m00s", "m"), ("h00m", "h"), ("d00h", "d")] where text.hasSuffix(suffix) && text.count > suffix.count {
            return String(text.dropLast(suffix.count)) + unitLetter
        }
        return text
    }
}
