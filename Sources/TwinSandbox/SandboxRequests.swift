import Foundation
import Hummingbird
import TwinAPI

/// The bodies of `/script`, `/status` and `/delete` as the sandbox reads them; `/create` is the public
/// ``CreateTwinRequest`` the client sends.
struct ScriptRequest: Decodable {
    var language: String?
}

struct OperationRequest: Decodable {
    var operationId: String
}

struct DeleteRequest: Decodable {
    var name: String
}

/// Just the name of a `/create` body, read even when the rest is refused (the stats count every attempt by name).
struct CreateRequestName: Decodable {
    var name: String?
}

/// Reading request bodies into those types, with the service's 400 messages.
enum SandboxRequestBody {
    /// What a refused field must be, for the message.
    static let fieldRules = [
        "name": "must be a non-empty string",
        "operationId": "must be a non-empty string",
        "videoUrl": "must be a non-empty string",
        "language": "must be a string",
        "calibrationImageUrls": "must be a non-empty array of URLs",
    ]

    /// Decodes `data` (an empty body counts as `{}`) as `T`.
    ///
    /// - Throws: ``SandboxError`` 400 naming the missing or malformed field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw SandboxError(.badRequest, message(for: error))
        }
    }

    static func message(for error: any Error) -> String {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .keyNotFound(let key, let keyContext)?:
            guard let field = keyContext.codingPath.first else { return "Missing field: \(key.stringValue)" }
            context = DecodingError.Context(codingPath: [field], debugDescription: keyContext.debugDescription)
        case .typeMismatch(_, let mismatch)?, .valueNotFound(_, let mismatch)?, .dataCorrupted(let mismatch)?:
            context = mismatch
        default:
            return "Request body must be a JSON object"
        }
        guard let field = context.codingPath.first?.stringValue else { return "Request body must be a JSON object" }
        if field == "videoUrl" || field == "calibrationImageUrls", case .dataCorrupted? = error as? DecodingError {
            return "Field \(field) must hold http(s) URLs"
        }
        return "Field \(field) \(fieldRules[field] ?? "is not valid")"
    }

    /// The trimmed `value` of `field`, refused when empty.
    static func nonEmpty(_ value: String, field: String) throws -> String {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SandboxError(.badRequest, "Field \(field) \(fieldRules[field] ?? "must not be empty")")
        }
        return value
    }
}
