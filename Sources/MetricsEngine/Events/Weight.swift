/// Conversation weights in exact fixed point: whole thousandths (1.0 is 1000). Events carry a real
/// number, rounded to the nearest thousandth once on arrival; every sum and difference after that is
/// integer arithmetic, so free capacity never drifts (a running sum of doubles left 1.1 + 1.3 + 0.6 at
/// 3.0000000000000004 and an idle agent at 8e-17).
public enum Weight {
    public static let one: Int64 = 1000
    /// The smallest weight an event may carry: one thousandth.
    public static let smallest = 0.001
    public static let largest = 1000.0

    /// `weight` in thousandths; `nil` when it is not a number from 0.001 to 1000.
    public static func thousandths(_ weight: Double) -> Int64? {
        guard weight.isFinite, weight >= smallest - 0.0005, weight <= largest else { return nil }
        let value = Int64((weight * 1000).rounded())  // in range: at most 1,000,000
        return value > 0 ? value : nil
    }
}
