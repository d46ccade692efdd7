import TwinAPI
import TwinSettings

/// Where on the command line each setting the library names is set: a flag, an environment variable or a command.
///
/// `twin` tells the library once, at start (``Twin/main()``), so that every message it prints, reports or journals
/// names a setting with its flag: `check the API key (CAPTIONS_API_KEY or --api-key-file)`.
extension Setting {
    var commandLine: String {
        switch self {
        case .apiURL: "--api-url or \(TwinAPIClient.baseURLEnvironmentVariable)"
        case .apiKey: "\(APIKey.environmentVariable) or --api-key-file"
        case .apiRequestRate: "--api-rate"
        case .s3Region: "--region"
        case .publishTarget: "--to"
        case .publicBaseURL: "--public-base-url"
        case .poseProfile: "--poses"
        case .captureTimeOrder: "--order capture-time"
        case .contentOrder: "--order content"
        case .twinList: "twin list"
        case .failedSessionsRetry: "twin batch --retry-failed"
        }
    }
}
