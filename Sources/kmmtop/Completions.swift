import KeyMetrics

/// What the shell completes for the flags whose values are not files: metric names in a comma-separated
/// list, and sort keys. Pure, so a test runs them without a shell; the scripts from
/// `kmmtop --generate-completion-script bash|zsh|fish` call them through the binary.
enum Completions {
    /// The candidates for the last name of a list like `online_agents,hu`: each metric not listed yet
    /// that starts with what was typed, with the part before it kept (`online_agents,human_agent_load`).
    static func metricList(prefix: String) -> [String] {
        let head = prefix.lastIndex(of: ",").map { String(prefix[...$0]) } ?? ""
        let tail = prefix.dropFirst(head.count)
        let listed = Set(head.split(separator: ",").map(String.init))
        return Metric.allCases.map(\.wireName).filter { $0.hasPrefix(tail) && !listed.contains($0) }.map { head + $0 }
    }

    /// `key:asc`, `key:desc` and each metric's response key with `:asc` or `:desc`, as `--sort` takes them.
    static func sortKeys(prefix: String) -> [String] {
        (["key"] + Metric.allCases.map(\.responseKey)).flatMap { ["\($0):asc", "\($0):desc"] }.filter { $0.hasPrefix(prefix) }
    }
}
