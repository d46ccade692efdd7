// swift-tools-version:6.2
import PackageDescription

// The layers, bottom to top (every arrow points down):
//   twin (executable)                 thin shell over the library
//   TwinOffline                       offline services: in-process sandbox API and static host
//   TwinReport                        the HTML report page
//   TwinPipeline                      sessions, pose order, submit, batch journal
//   TwinAPI · TwinSandbox · TwinPublish (+ TwinSigning, TwinHTTP: requests under one deadline)
//   TwinValidation                    a run's file reports and their renderers (text, JSON, JUnit, GitHub)
//   TwinMedia                         probing and validation of video and images
//   TwinFaces · TwinVoice             faces in pictures (dlib); loudness, recognition and the script, from PCM samples
//   TwinPictures                      working-size grey and colour pictures: turned, cropped, shrunk
//   TwinFiles                         small files read with a cap, regular files only; the media types the API takes
//   TwinSettings                      the settings messages ask for, as typed values (the front end names their flags)
//   CTwinShims + CFFmpeg (with libswresample), CJPEG, CPNG; CTwinPixels; CTwinVoice + CSphinx, CEBUR128;
//   CTwinFaces (dlib, C++): the C floor

// CI (.ci/run) sets TWIN_WARNINGS_AS_ERRORS=1: a warning in one of our own targets fails the build there,
// while dependencies keep their warnings (a -Xswiftc flag would reach them too).
let warningsAsErrors: [SwiftSetting] = Context.environment["TWIN_WARNINGS_AS_ERRORS"] == "1"
    ? [.treatAllWarnings(as: .error)] : []

// dlib's detector, landmark and descriptor code are header templates compiled into CTwinFaces: at -O0 (a debug
// build) the face tests take about 20 times as long (10 minutes instead of 30 s). So a git working copy of this
// repository compiles them at -O2 in debug builds too. A release tag's checkout (how a package that depends on
// twin-preflight by version gets it) and a tree without git use SwiftPM's own settings: no unsafe flag there, so
// the library products can be a versioned dependency (release builds compile C++ at -O2 anyway).
let isWorkingCopy = Context.gitInformation.map { $0.currentTag == nil } ?? false
let optimiseDlibInDebugBuilds: [CXXSetting] = isWorkingCopy ? [.unsafeFlags(["-O2"], .when(configuration: .debug))] : []

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
] + warningsAsErrors

let package = Package(
    name: "twin-preflight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "twin", targets: ["twin"]),
        .library(name: "TwinSettings", targets: ["TwinSettings"]),
        .library(name: "TwinMedia", targets: ["TwinMedia"]),
        .library(name: "TwinFaces", targets: ["TwinFaces"]),
        .library(name: "TwinValidation", targets: ["TwinValidation"]),
        .library(name: "TwinAPI", targets: ["TwinAPI"]),
        .library(name: "TwinSandbox", targets: ["TwinSandbox"]),
        .library(name: "TwinPublish", targets: ["TwinPublish"]),
        .library(name: "TwinPipeline", targets: ["TwinPipeline"]),
        .library(name: "TwinOffline", targets: ["TwinOffline"]),
        .library(name: "TwinReport", targets: ["TwinReport"]),
        .library(name: "TwinDoctor", targets: ["TwinDoctor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: C floor
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswresample-dev"])]
        ),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CEBUR128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),
        .systemLibrary(
            name: "CSphinx",
            pkgConfig: "pocketsphinx",
            providers: [.apt(["libpocketsphinx-dev", "libsphinxbase-dev", "pocketsphinx-en-us"])]
        ),
        // Packed 8-bit pictures shrunk by area average: no library, shared by the decoders and the face checks.
        .target(name: "CTwinPixels"),
        .target(name: "CTwinShims", dependencies: ["CTwinPixels", "CFFmpeg", "CJPEG", "CPNG"]),
        // PocketSphinx behind plain C calls (its errors and its log kept on this side).
        .target(name: "CTwinVoice", dependencies: ["CSphinx"]),
        // dlib (libdlib-dev) behind a C header (see optimiseDlibInDebugBuilds above).
        .target(
            name: "CTwinFaces",
            cxxSettings: optimiseDlibInDebugBuilds,
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack")]
        ),

        // MARK: The bottom floor: bounded reads of small files (manifests, profiles, keys) and the media type table
        .target(name: "TwinFiles", swiftSettings: swiftSettings),
        // The settings a message asks the user to change, as typed values; the front end says where each is set.
        .target(name: "TwinSettings", swiftSettings: swiftSettings),

        // MARK: Pictures: grey and colour working-size pictures, turned, cropped and shrunk (no decoder, no codec)
        .target(name: "TwinPictures", dependencies: ["CTwinPixels"], swiftSettings: swiftSettings),

        // MARK: Faces: detection, landmarks, mouth measures and the identity descriptor, on pictures (dlib)
        .target(name: "TwinFaces", dependencies: ["CTwinFaces", "TwinPictures"], swiftSettings: swiftSettings),

        // MARK: Voice: loudness, recognition, the script (samples in; no container or codec)
        .target(name: "TwinVoice", dependencies: ["CTwinVoice", "CEBUR128"], swiftSettings: swiftSettings),

        // MARK: Media
        .target(
            name: "TwinMedia",
            dependencies: [
                "CTwinShims", "CFFmpeg", "CJPEG", "CPNG", "TwinPictures", "TwinFaces", "TwinVoice", "TwinFiles",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Validation: a run's file reports and their renderers (text, JSON, JUnit, GitHub)
        .target(name: "TwinValidation", dependencies: ["TwinMedia"], swiftSettings: swiftSettings),

        // MARK: API, sandbox, publishing
        .target(
            name: "TwinHTTP",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TwinAPI",
            dependencies: [
                "TwinHTTP", "TwinFiles", "TwinSettings",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TwinSandbox",
            dependencies: [
                "TwinAPI", "TwinMedia", "TwinFaces", "TwinVoice", "TwinHTTP", "TwinFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TwinSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TwinPublish",
            dependencies: [
                "TwinSigning", "TwinHTTP", "TwinFiles", "TwinSettings",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Pipeline
        .target(
            name: "TwinPipeline",
            dependencies: [
                "TwinFiles", "TwinSettings", "TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinAPI", "TwinPublish",
                "TwinHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Offline (above the pipeline, so the pipeline does not link Hummingbird)
        .target(
            name: "TwinOffline",
            dependencies: [
                "TwinPipeline", "TwinSandbox", "TwinAPI", "TwinPublish",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: The HTML report (one self-contained page of validation, session and batch results)
        .target(name: "TwinReport", dependencies: ["TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinPipeline"], swiftSettings: swiftSettings),

        // MARK: The doctor: what a submission needs, checked up front (libraries, models, cache, API, publish target)
        .target(
            name: "TwinDoctor",
            dependencies: [
                "TwinMedia", "TwinFaces", "TwinAPI", "TwinPublish", "TwinHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Fuzzing (scripts/fuzz.sh builds it with libFuzzer; a plain build replays inputs)
        .executableTarget(
            name: "twin-fuzz", dependencies: ["TwinMedia", "TwinFaces", "TwinPipeline"], path: "Sources/TwinFuzz", swiftSettings: swiftSettings
        ),

        // MARK: CLI
        .executableTarget(
            name: "twin",
            dependencies: [
                "TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TwinAPI", "TwinSandbox", "TwinPublish", "TwinPipeline",
                "TwinOffline", "TwinFiles", "TwinHTTP", "TwinSettings",
                "TwinReport",
                "TwinDoctor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TwinFilesTests", dependencies: ["TwinFiles"], swiftSettings: swiftSettings),
        .testTarget(name: "TwinHTTPTests", dependencies: ["TwinHTTP", "TestSupport"], swiftSettings: swiftSettings),
        // TwinVoiceTests decode their recordings with TwinMedia (AudioTrack), as the voice check does.
        .testTarget(name: "TwinVoiceTests", dependencies: ["TwinVoice", "TwinMedia", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TwinMediaTests",
            dependencies: ["TwinMedia", "TwinPictures", "TwinFaces", "TwinVoice", "TwinFiles", "CTwinShims", "CFFmpeg", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinValidationTests", dependencies: ["TwinValidation", "TwinMedia", "TwinFaces", "TwinVoice", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        // TwinFacesTests decode their pictures with TwinMedia (ImageCheck), as the face checks' callers do.
        .testTarget(name: "TwinFacesTests", dependencies: ["TwinFaces", "TwinPictures", "TwinMedia", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TwinPicturesTests", dependencies: ["TwinPictures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TwinAPITests",
            dependencies: ["TwinAPI", "TwinHTTP", "TwinSandbox", "TwinSettings", "TestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinPublishTests",
            dependencies: ["TwinPublish", "TwinSigning", "TwinSandbox", "TwinSettings", "TestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinSigningTests",
            dependencies: ["TwinSigning", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinSandboxTests",
            dependencies: ["TwinSandbox", "TwinAPI", "TestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinPipelineTests",
            dependencies: ["TwinPipeline", "TwinOffline", "TwinAPI", "TwinSandbox", "TwinPublish", "TwinMedia", "TwinValidation",
                           "TwinFaces", "TwinVoice",
                           "TwinSigning",
                           "TestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinOfflineTests",
            dependencies: ["TwinOffline", "TwinPipeline", "TwinAPI", "TwinPublish", "TestSupport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TwinReportTests",
            dependencies: ["TwinReport", "TwinPipeline", "TwinMedia", "TwinValidation", "TwinFaces", "TwinVoice", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        // `twin` as a real process: exit codes, output, signals, killed and resumed runs.
        .testTarget(
            name: "TwinCLITests",
            dependencies: ["twin", "TwinPipeline", "TwinAPI", "TwinSandbox", "TwinPublish", "TwinSigning", "TwinSettings", "TestSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
    ]
)
