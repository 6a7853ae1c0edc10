import KeyMetrics

extension Engine {
    /// Answers a historical query at `now`: the groups are chosen (sorted and paged) exactly as the
    /// metrics route would choose them over the whole window; then each fact series of those groups, and
    /// of `all`, is cut at the plan's boundaries. The points partition the window, so their counts add
    /// up to the metrics route's, per group and in `all`.
    public func evaluateSeries(_ query: MetricsQuery, now: Int64) throws(MetricsRequestError) -> SeriesResult {
        let window = try query.time.window(now: now)
        guard case .historical(let interval) = query.endpoint else {
            preconditionFailure("evaluateSeries is for the historical endpoint")
        }
        let plan = try SeriesPlan(window: window, interval: interval)
        let points = plan.points
        let wantsAll = query.sections.contains(.all)

        // The page, chosen over the whole window (a by-time-only sweep when nothing is grouped).
        var page: [(index: Int, group: MetricsResponse.Group)] = []
        var groupCount = 0
        let grouping = Grouping(query)
        if grouping != nil {
            let rows = sortedRows(sweep(query, window: window, now: now), query: query)
            groupCount = rows.count
            page = Array(rows.dropFirst(query.offset).prefix(query.limit))
        }

        // Slot of each group index in the page (-1: not on it).
        var slot = [Int](repeating: -1, count: grouping?.count(in: world) ?? 0)
        for (position, row) in page.enumerated() { slot[row.index] = position }

        var allPoints = [ByTimeTotals](repeating: .zero, count: points)
        var groupPoints = [[ByTimeTotals]](repeating: allPoints, count: page.count)
        let filter = ResolvedFilter(query: query, world: world)
        let boundaries = plan.boundaries.map { Int32(clamping: $0) }
        var spans = [ByTimeTotals](repeating: .zero, count: points)
        var targets: [Int] = []
        for (index, key) in facts.keys.enumerated() {
            guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
            targets.removeAll(keepingCapacity: true)
            if let grouping, !page.isEmpty {
                forEachTarget(of: key, grouping, query: query, filter: filter) { if slot[$0] >= 0 { targets.append(slot[$0]) } }
            }
            guard wantsAll || !targets.isEmpty else { continue }
            facts.series[index].partition(boundaries, into: &spans)
            for k in 0..<points where !spans[k].isZero {
                if wantsAll { allPoints[k] += spans[k] }
                for target in targets { groupPoints[target][k] += spans[k] }
            }
        }
        // The window's end instant belongs to the last point.
        for fact in facts.instants(at: boundaries[points]) {
            let key = facts.keys[fact.key]
            guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
            if wantsAll { allPoints[points - 1] += fact.totals }
            if let grouping, !page.isEmpty {
                forEachTarget(of: key, grouping, query: query, filter: filter) { if slot[$0] >= 0 { groupPoints[slot[$0]][points - 1] += fact.totals } }
            }
        }

        let metrics = query.byTime
        func values(_ totals: ByTimeTotals) -> MetricValues {
            var accumulator = Accumulator()
            accumulator.addFacts(totals)
            return MetricValues(metrics.map { ($0, accumulator.value($0)) })
        }
        var series: [HistoricalResponse.Point] = []
        series.reserveCapacity(points)
        for k in 0..<points {
            var point = HistoricalResponse.Point(
                from: plan.boundaries[k] * RequestedTime.minuteMillis, to: plan.boundaries[k + 1] * RequestedTime.minuteMillis)
            if wantsAll { point.all = .init(metrics: values(allPoints[k])) }
            if let field = query.groupByField, grouping != nil {
                let groups = page.enumerated().map { position, row in
                    MetricsResponse.Group(key: row.group.key, keyDescription: row.group.keyDescription, metrics: values(groupPoints[position][k]))
                }
                point.groupBy = .init(groupByField: field, groups: groups)
            }
            series.append(point)
        }
        return SeriesResult(plan: plan, groupCount: groupCount, points: series)
    }
}
