import Testing

@testable import MetricsServer

/// The exposition format's rules, to the byte.
@Suite struct PrometheusTextTests {
    @Test func familiesLabelsAndEscapes() {
        var text = PrometheusText()
        text.set("kmm_online_agents", help: "Agents\\online\nnow.", labels: ["name": "a \"b\" \\ c\nd", "key": "1"], 3)
        text.set("kmm_online_agents", help: "ignored: the first help stays", labels: ["name": "x", "key": "2"], 4.5)
        text.set("kmmtop_relay_upstream_requests_total", help: "Calls.", kind: .counter, 7)
        text.set("9 bad-name", help: "h", .nan)
        #expect(text.text == """
            # HELP kmm_online_agents Agents\\\\online\\nnow.
            # TYPE kmm_online_agents gauge
            kmm_online_agents{name="a \\"b\\" \\\\ c\\nd",key="1"} 3
            kmm_online_agents{name="x",key="2"} 4.5
            # HELP kmmtop_relay_upstream_requests_total Calls.
            # TYPE kmmtop_relay_upstream_requests_total counter
            kmmtop_relay_upstream_requests_total 7
            # HELP _9_bad_name h
            # TYPE _9_bad_name gauge
            _9_bad_name NaN

            """)
    }

    @Test func valuesAreGoFloats() {
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(1e300) == "1e+300")
        #expect(PrometheusText.format(-2) == "-2")
        #expect(PrometheusText.format(0.25) == "0.25")
    }

    @Test func windowsReadInTheirLargestUnit() {
        #expect(MetricsExposition.windowText(3_600_000) == "1h")
        #expect(MetricsExposition.windowText(900_000) == "15m")
        #expect(MetricsExposition.windowText(90_000) == "90s")
        #expect(MetricsExposition.windowText(-5) == "0m")
    }
}
