import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import TwinAPI
import TwinFaces
import TwinHTTP
import TwinMedia

/// The request context of the sandbox: which configured key the request presented.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var apiKey: APIKey?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// Checks `x-api-key` (401) and the per-key, per-endpoint rate limit (429 with `Retry-After`).
struct SandboxGuard: RouterMiddleware {
    typealias Context = SandboxContext
    let configuration: SandboxConfiguration
    let state: SandboxState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let presented = request.headers[.init("x-api-key")!],
              let key = configuration.apiKeys.first(where: { $0.matches(presented) }) else {
            throw SandboxError(.unauthorized, "Invalid or missing API key")
        }
        let endpoint = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
        if let wait = await state.admit(key: key, endpoint: endpoint) {
            throw SandboxError(.tooManyRequests, "Rate limit exceeded: \(configuration.rateLimit) requests per minute",
                               retryAfterSeconds: wait)
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}

/// The six documented endpoints plus `/_sandbox/stats`, mounted at the root and at `/api/twin` (the real layout).
struct SandboxController: Sendable {
    let configuration: SandboxConfiguration
    let state: SandboxState
    let fetcher: MediaFetcher
    let mediaJudge: MediaJudge
    let workspace: URL
    let tasks: TaskRegistry

    func addRoutes(to router: some RouterMethods<SandboxContext>) {
        router.post("supported-languages") { _, _ in
            try JSONResponse.make(["supportedLanguages": SandboxScripts.languages])
        }
        router.post("script") { request, context in try await script(request, context) }
        router.post("list") { _, context in
            try JSONResponse.make(["twins": await state.twins(key: try key(context))])
        }
        router.post("create") { request, context in try await create(request, context) }
        router.post("status") { request, context in try await status(request, context) }
        router.post("delete") { request, context in try await delete(request, context) }
        router.post("_sandbox/stats") { _, _ in try JSONResponse.make(await state.currentStats) }
    }

    private func key(_ context: SandboxContext) throws -> APIKey {
        guard let key = context.apiKey else { throw SandboxError(.unauthorized, "Invalid or missing API key") }
        return key
    }

    /// The body, at most 64 KiB.
    private func body(_ request: Request) async throws -> Data {
        var request = request
        return Data(try await request.collectBody(upTo: 64 * 1024).readableBytesView)
    }

    /// The supported language matching `language` in any case; nil for none.
    private func language(_ language: String?) throws -> String? {
        guard let language else { return nil }
        guard let canonical = SandboxScripts.languages.first(where: { $0.caseInsensitiveCompare(language) == .orderedSame }) else {
            throw SandboxError(.badRequest, "Unsupported language: \(language)")
        }
        return canonical
    }

    private func script(_ request: Request, _ context: SandboxContext) async throws -> Response {
        let body = try SandboxRequestBody.decode(ScriptRequest.self, from: try await body(request))
        let language = try language(body.language) ?? "English"
        return try JSONResponse.make(["script": SandboxScripts.script(for: language)])
    }

    private func status(_ request: Request, _ context: SandboxContext) async throws -> Response {
        let body = try SandboxRequestBody.decode(OperationRequest.self, from: try await body(request))
        let id = try SandboxRequestBody.nonEmpty(body.operationId, field: "operationId")
        guard let status = await state.status(key: try key(context), operationID: id) else {
            throw SandboxError(.notFound, "Operation not found: \(id)")
        }
        return try JSONResponse.make(StatusBody(status))
    }

    private func delete(_ request: Request, _ context: SandboxContext) async throws -> Response {
        let body = try SandboxRequestBody.decode(DeleteRequest.self, from: try await body(request))
        let name = try SandboxRequestBody.nonEmpty(body.name, field: "name")
        guard await state.delete(key: try key(context), twinName: name) else {
            throw SandboxError(.notFound, "Twin not found: \(name)")
        }
        return try JSONResponse.make(["success": true])
    }

    private func create(_ request: Request, _ context: SandboxContext) async throws -> Response {
        let key = try key(context)
        let data: Data
        do {
            data = try await body(request)
        } catch {
            await state.countCreateRequest(name: nil)
            throw error
        }
        // Every attempt is counted, by name when the body has one, before the rest is judged.
        await state.countCreateRequest(name: (try? JSONDecoder().decode(CreateRequestName.self, from: data))?.name)

        let body = try SandboxRequestBody.decode(CreateTwinRequest.self, from: data)
        let twinName = try SandboxRequestBody.nonEmpty(body.name, field: "name")
        let videoURL = try url(body.videoUrl.absoluteString, field: "videoUrl")
        guard !body.calibrationImageUrls.isEmpty else {
            throw SandboxError(.badRequest, "Field calibrationImageUrls \(SandboxRequestBody.fieldRules["calibrationImageUrls"]!)")
        }
        let imageURLs = try body.calibrationImageUrls.map { try url($0.absoluteString, field: "calibrationImageUrls") }
        _ = try language(body.language)

        let operation = await state.createOperation(key: key, name: twinName)
        configuration.logger.info(
            "/create: operation \(operation.id) for \(operation.twinName)",
            metadata: ["operation": "\(operation.id)", "twin": "\(operation.twinName)"]
        )
        let job = MediaJob(
            operationID: operation.id, key: key, video: videoURL, images: imageURLs,
            configuration: configuration, state: state, fetcher: fetcher, mediaJudge: mediaJudge,
            folder: workspace.appendingPathComponent(operation.id)
        )
        await tasks.run { await job.run() }
        return try JSONResponse.make(["operationId": operation.id])
    }

    private func url(_ string: String, field: String) throws -> URL {
        guard let url = URL.http(string) else {
            throw SandboxError(.badRequest, "Field \(field) must hold http(s) URLs, got \(string)")
        }
        return url
    }
}

/// The `/status` answer.
struct StatusBody: Encodable {
    let state: String
    let progress: Int
    let detail: String?

    init(_ status: OperationStatus) {
        state = status.state.rawValue
        progress = Int(status.progress)
        detail = status.detail
    }
}

/// Downloads and checks one creation's media, then records the verdict.
struct MediaJob: Sendable {
    let operationID: String
    let key: APIKey
    let video: URL
    let images: [URL]
    let configuration: SandboxConfiguration
    let state: SandboxState
    let fetcher: MediaFetcher
    let mediaJudge: MediaJudge
    let folder: URL

    func run() async {
        let failure = await firstProblem()
        try? FileManager.default.removeItem(at: folder)
        configuration.logger.info(
            "operation \(operationID): media \(failure.map { "refused: \($0)" } ?? "passed")",
            metadata: ["operation": "\(operationID)", "verdict": "\(failure ?? "ok")"]
        )
        await state.finishMediaCheck(key: key, operationID: operationID, failure: failure)
    }

    private func firstProblem() async -> String? {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return "the sandbox cannot store media: \(error.localizedDescription)"
        }
        var items = [(role: "video", url: video, kind: MediaKind.video, maxBytes: configuration.maxVideoBytes)]
        for (index, image) in images.enumerated() {
            items.append((
                role: "calibration image \(index + 1)", url: image, kind: MediaKind.image, maxBytes: configuration.maxImageBytes
            ))
        }
        var person: FaceDescriptor?
        let maxIdentityDistance = MediaJudge.profile.faces.maxIdentityDistance
        for (index, item) in items.enumerated() {
            if Task.isCancelled { return "the sandbox shut down" }
            let file: URL
            do {
                file = try await fetcher.download(item.url, into: folder, index: index, maxBytes: item.maxBytes)
            } catch {
                return "\(item.role): \(error)"
            }
            let verdict = await mediaJudge.judge(file, item.kind)
            var problems = verdict.problems
            let face = verdict.face
            try? FileManager.default.removeItem(at: file)
            for warning in verdict.warnings {  // as the service: a warning is logged, the creation goes on
                configuration.logger.notice("operation \(operationID): \(item.role): warning \(warning)",
                                            metadata: ["operation": "\(operationID)", "warning": "\(warning.prefix { $0 != ":" })"])
            }
            // As the service would: every calibration image shows the video's person.
            if index == 0 { person = face } else if let person, let face, face.distance(to: person) > maxIdentityDistance {
                problems.append("different-person: the face is not the video's person (distance "
                    + "\(Double(Int(face.distance(to: person) * 1000)) / 1000), over \(maxIdentityDistance))")
            }
            if !problems.isEmpty {
                return "\(item.role) (\(item.url.absoluteString)): \(problems.joined(separator: "; "))"
            }
        }
        return nil
    }
}

/// The background media jobs, so shutdown can cancel and await them.
actor TaskRegistry {
    private var tasks: [UUID: Task<Void, Never>] = [:]

    func run(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        tasks[id] = Task {
            await work()
            self.finished(id)
        }
    }

    private func finished(_ id: UUID) { tasks[id] = nil }

    func cancelAll() async {
        let running = Array(tasks.values)
        running.forEach { $0.cancel() }
        for task in running { await task.value }
    }
}
