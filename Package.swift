// swift-tools-version:6.2
// kmmtop: a terminal dashboard for LivePerson's Key Messaging Metrics API, the reference
// server that implements that API, and a one-shot snapshot command, in one executable.
import PackageDescription

/// Strict checking everywhere: Swift 6 language mode is the default for tools 6.x;
/// `ExistentialAny` keeps protocol existentials explicit.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "kmmtop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kmmtop", targets: ["kmmtop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // The only door to curses: the module map links ncursesw, the shim re-exports macros and globals.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The terminal put back from a fatal signal's handler (async-signal-safe, so in C).
        .target(name: "CTerminalRescue"),
        // The API's vocabulary: pure values, no I/O.
        .target(name: "KeyMetrics", swiftSettings: strict),
        // Reference semantics: world, events, stores, query evaluation, simulator.
        .target(
            name: "MetricsEngine",
            dependencies: [
                "KeyMetrics",
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // OAuth 1.0a request signatures (RFC 5849, HMAC-SHA1): one implementation the client signs with
        // and the reference server verifies with.
        .target(
            name: "OAuth1",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Talking to any server that speaks the API: credentials, domain look-up, paging, budget, errors.
        .target(
            name: "MetricsClient",
            dependencies: [
                "KeyMetrics", "OAuth1",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The error types AsyncHTTPClient passes through, matched by type (TransportErrors).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Everything a supervisor sees, without curses: formatting, sanitising, display width (and, later,
        // the poller, diff, thresholds, state, reducer and layout).
        .target(
            name: "Dashboard",
            dependencies: ["KeyMetrics", "MetricsClient", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: strict
        ),
        // The only module that calls curses: draws a Frame, reads keys, handles resize and signals.
        .target(name: "TerminalUI", dependencies: ["Dashboard", "CNcursesw", "CTerminalRescue"], swiftSettings: strict),
        // The engine's HTTP face.
        .target(
            name: "MetricsServer",
            dependencies: [
                "MetricsClient",
                "KeyMetrics", "MetricsEngine", "OAuth1",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                // The connection's own handlers (the guard, the metrics routes) on HTTP parts, and the parser's errors.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                // The HTTP/1 codec of the connection ``MetricsHTTP1Channel`` builds.
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            resources: [.embedInCode("openapi.yaml")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kmmtop",
            dependencies: [
                "KeyMetrics", "MetricsEngine", "MetricsServer", "MetricsClient", "Dashboard", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Prints ingest and query figures for a large account: `swift run -c release EngineBenchmark`.
        .executableTarget(name: "EngineBenchmark", dependencies: ["MetricsEngine", "KeyMetrics"], swiftSettings: strict),
        // Prints the board's costs at 2,000 skills (poll, frame, tick, key): `swift run -c release DashboardBenchmark`.
        .executableTarget(name: "DashboardBenchmark", dependencies: ["Dashboard", "KeyMetrics", "MetricsClient"], swiftSettings: strict),
        // What several test targets need: child processes waited on by termination handler, the
        // executable locator, log capture, scratch files, a purpose-built faulty HTTP server.
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "KeyMetricsTests", dependencies: ["KeyMetrics"], swiftSettings: strict),
        .testTarget(name: "MetricsEngineTests", dependencies: ["MetricsEngine", "KeyMetrics"], swiftSettings: strict),
        .testTarget(name: "OAuth1Tests", dependencies: ["OAuth1"], swiftSettings: strict),
        .testTarget(
            name: "MetricsClientTests",
            dependencies: [
                "MetricsClient", "MetricsServer", "MetricsEngine", "KeyMetrics", "OAuth1", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "Dashboard"], swiftSettings: strict),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "KeyMetrics", "MetricsClient"], swiftSettings: strict),
        .testTarget(
            name: "KmmtopTests",
            dependencies: ["kmmtop", "MetricsClient", "MetricsServer", "MetricsEngine", "KeyMetrics", "Dashboard", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MetricsServerTests",
            dependencies: [
                "MetricsServer", "MetricsEngine", "KeyMetrics", "OAuth1", "kmmtop", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
    ]
)
