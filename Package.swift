// swift-tools-version:6.0
import PackageDescription

// Layering, bottom to top: the C libraries, crypto and model, store, broker, protocol, service and
// client, the command line. Only SafeholdCrypto imports CSodium and only SafeholdStore imports
// CSQLite. Every Swift target imports FoundationEssentials, never all of Foundation, so that the
// command-line tool starts in a few milliseconds.
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Safehold",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "safehold", targets: ["safehold"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SafeholdCrypto", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        .target(name: "SafeholdModel", swiftSettings: swiftSettings),
        .target(name: "SafeholdSystem", swiftSettings: swiftSettings),
        .target(name: "SafeholdStore", dependencies: ["CSQLite", "SafeholdModel"], swiftSettings: swiftSettings),
        .target(
            name: "SafeholdBroker",
            dependencies: ["SafeholdCrypto", "SafeholdModel", "SafeholdStore", "SafeholdSystem"],
            swiftSettings: swiftSettings
        ),
        .target(name: "SafeholdProtocol", dependencies: ["SafeholdModel", "SafeholdCrypto"], swiftSettings: swiftSettings),
        .target(
            name: "SafeholdService",
            dependencies: ["SafeholdBroker", "SafeholdProtocol", "SafeholdCrypto", "SafeholdModel", "SafeholdSystem"],
            swiftSettings: swiftSettings
        ),
        .target(name: "SafeholdClient", dependencies: ["SafeholdProtocol", "SafeholdModel", "SafeholdCrypto"], swiftSettings: swiftSettings),
        .target(
            name: "SafeholdCLI",
            dependencies: [
                "SafeholdClient", "SafeholdProtocol", "SafeholdModel",
                "SafeholdService", "SafeholdBroker", "SafeholdCrypto", "SafeholdSystem",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "safehold", dependencies: ["SafeholdCLI"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "safehold-bench",
            dependencies: ["SafeholdBroker", "SafeholdService", "SafeholdClient", "SafeholdProtocol", "SafeholdCrypto", "SafeholdStore", "SafeholdModel", "SafeholdSystem"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SafeholdTestSupport",
            dependencies: ["SafeholdSystem", "SafeholdCrypto"],
            path: "Tests/SafeholdTestSupport",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "SafeholdCryptoTests", dependencies: ["SafeholdCrypto"], swiftSettings: swiftSettings),
        .testTarget(name: "SafeholdStoreTests", dependencies: ["SafeholdStore", "SafeholdModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SafeholdBrokerTests",
            dependencies: ["SafeholdBroker", "SafeholdCrypto", "SafeholdModel", "SafeholdStore", "SafeholdTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SafeholdSystemTests", dependencies: ["SafeholdSystem"], swiftSettings: swiftSettings),
        .testTarget(name: "SafeholdProtocolTests", dependencies: ["SafeholdProtocol", "SafeholdModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SafeholdServiceTests",
            dependencies: ["SafeholdService", "SafeholdClient", "SafeholdProtocol", "SafeholdBroker", "SafeholdModel", "SafeholdTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SafeholdCLITests",
            dependencies: ["SafeholdCLI", "SafeholdModel", "SafeholdTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
