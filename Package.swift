// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ChainLead",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chainlead", targets: ["chainlead"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain rules: Foundation only.
        .target(name: "ChainLeadCore"),
        // Spreadsheets and documents: xlsx read/write, csv, docx (ZIPFoundation + byte-level XML).
        .target(
            name: "OfficeFormats",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The API contract: openapi.yaml and the code generated from it.
        .target(
            name: "ChainLeadAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "App",
            dependencies: [
                "ChainLeadCore",
                "ChainLeadAPI",
                "OfficeFormats",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")]
        ),
        .executableTarget(
            name: "chainlead",
            dependencies: [
                "App",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChainLeadCoreTests", dependencies: ["ChainLeadCore"]),
        .testTarget(name: "OfficeFormatsTests", dependencies: ["OfficeFormats"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "OfficeFormats",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
