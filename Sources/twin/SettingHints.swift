import ArgumentParser
import Foundation
import TwinAPI

/// The library names settings ("the API URL"), never flags: the command line adds the flag or variable that
/// sets each one where it renders a message.
enum SettingHints {
    /// A phrase of a library message, and where on the command line its setting comes from.
    static let hints: [(phrase: String, hint: String)] = [
        ("check the API URL", "--api-url or \(TwinAPIClient.baseURLEnvironmentVariable)"),
        ("set the API URL", "--api-url or \(TwinAPIClient.baseURLEnvironmentVariable)"),
        ("check the API key", "\(APIKey.environmentVariable) or --api-key-file"),
        ("lower the API request rate", "--api-rate"),
        ("set the S3 region", "--region"),
        ("set a publish target", "--to"),
        ("needs a public base URL", "--public-base-url"),
        ("choose the pose profile", "--poses"),
        ("the capture-time order", "--order capture-time"),
        ("the content order", "--order content"),
        ("the list of twins", "twin list"),
        ("retrying failed sessions", "twin batch --retry-failed"),
    ]

    /// `message` with each setting it names followed by its flag: `check the API URL (--api-url or …)`, at every
    /// place it is named (a report names many), and once only however often it is called.
    static func adding(to message: String) -> String {
        hints.reduce(message) { text, entry in
            // A whole HTML page is hundreds of kilobytes: Foundation's replacing is only paid where the phrase is.
            guard contains(text, entry.phrase) else { return text }
            let hinted = "\(entry.phrase) (\(entry.hint))"
            return text.replacingOccurrences(of: hinted, with: entry.phrase).replacingOccurrences(of: entry.phrase, with: hinted)
        }
    }

    /// Whether `text` holds `phrase`: a plain scan of the UTF-8 bytes, fast on a whole page.
    private static func contains(_ text: String, _ phrase: String) -> Bool {
        var text = text, phrase = phrase
        return text.withUTF8 { haystack in
            phrase.withUTF8 { needle in
                guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    var index = 1
                    while index < needle.count, haystack[start + index] == needle[index] { index += 1 }
                    if index == needle.count { return true }
                }
                return false
            }
        }
    }

    /// `error` with the hints added to its message, as ArgumentParser will print it; other errors as they are.
    static func adding(to error: any Error) -> any Error {
        switch error {
        case let error as ValidationError:
            return ValidationError(adding(to: error.message))
        case is ExitCode, is CleanExit:
            return error
        default:
            guard Twin.exitCode(for: error) == .failure else { return error }
            let message = Twin.message(for: error)
            let hinted = adding(to: message)
            return hinted == message ? error : CommandFailure(hinted)
        }
    }
}
