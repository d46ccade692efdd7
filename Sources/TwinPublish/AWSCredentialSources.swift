import Foundation
import TwinFiles
import TwinSigning

/// Where S3 credentials and the region come from: the AWS environment variables, then the
/// shared credentials and config files (`AWS_PROFILE`, default `default`).
enum AWSCredentialSources {
    static func credentials(environment: [String: String]) throws -> SigV4Credentials {
        if let key = nonEmpty(environment["AWS_ACCESS_KEY_ID"]), let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"]) {
            return SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        }
        let profile = nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        let file = credentialsFile(environment)
        if let text = try? BoundedFile.readText(file, limit: 1 << 20), let section = parseINI(text)[profile],
           let key = nonEmpty(section["aws_access_key_id"]), let secret = nonEmpty(section["aws_secret_access_key"]) {
            return SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(section["aws_session_token"]))
        }
        throw PublishError(.missingCredentials, "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN "
            + "for temporary credentials), or add profile [\(profile)] to \(file.path) (choose it with AWS_PROFILE)")
    }

    /// `--region`, else `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` in the config file, else `us-east-1`.
    static func region(explicit: String?, environment: [String: String]) -> String {
        if let explicit = nonEmpty(explicit) { return explicit }
        if let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) { return region }
        let profile = nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        let file = nonEmpty(environment["AWS_CONFIG_FILE"]).map { URL(fileURLWithPath: $0) }
            ?? home(environment).appendingPathComponent(".aws/config")
        if let text = try? BoundedFile.readText(file, limit: 1 << 20) {
            let sections = parseINI(text)
            let section = profile == "default" ? (sections["default"] ?? sections["profile default"]) : sections["profile \(profile)"]
            if let region = nonEmpty(section?["region"]) { return region }
        }
        return "us-east-1"
    }

    static func credentialsFile(_ environment: [String: String]) -> URL {
        nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]).map { URL(fileURLWithPath: $0) }
            ?? home(environment).appendingPathComponent(".aws/credentials")
    }

    static func home(_ environment: [String: String]) -> URL {
        URL(fileURLWithPath: nonEmpty(environment["HOME"]) ?? NSHomeDirectory(), isDirectory: true)
    }

    /// `[section]` → `key = value`, comments (`#`, `;`) and blank lines skipped.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                sections[current!, default: [:]] = sections[current!] ?? [:]
            } else if let current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                sections[current]![key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return sections
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}
