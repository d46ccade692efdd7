public import Foundation

/// A throw-away nginx with the DAV module: PUT, MKCOL and DELETE behind basic auth, GET public.
///
/// `/private/` accepts authenticated uploads but answers 403 to every GET (an object that is not
/// publicly readable). Parent collections are not created implicitly (`create_full_put_path off`),
/// so a client must MKCOL them.
public struct NginxWebDAV: Sendable {
    /// The running nginx.
    public let server: LaunchedServer
    /// The basic-auth user and password the server accepts for writes.
    public let user: String
    public let password: String
    /// The folder nginx serves: what a client uploaded lands here.
    public var root: URL { server.directory.appendingPathComponent("root") }

    /// Starts nginx on a free loopback port and waits until it accepts connections.
    public static func launch(user: String = "twin",
                              password: String = "dav-secret-\(UInt32.random(in: 0...UInt32.max))") async throws -> NginxWebDAV {
        let folder = try LaunchedServer.makeTemporaryFolder(prefix: "twin-nginx")
        for sub in ["root", "root/private", "tmp"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try "\(user):{PLAIN}\(password)\n".write(to: folder.appendingPathComponent("htpasswd"), atomically: true, encoding: .utf8)
        let server = try await LaunchedServer.launch(
            name: "nginx", executable: "nginx",
            arguments: { port in
                let config = folder.appendingPathComponent("nginx-\(port).conf")
                try? configuration(folder: folder.path, port: port).write(to: config, atomically: true, encoding: .utf8)
                return ["-p", folder.path, "-e", folder.appendingPathComponent("error.log").path, "-c", config.path]
            },
            directory: folder
        )
        return NginxWebDAV(server: server, user: user, password: password)
    }

    /// The nginx configuration: also used by `benchmarks/publish.sh` (which writes its own copy).
    public static func configuration(folder: String, port: Int) -> String {
        """
        user root;
        daemon off;
        master_process on;
        worker_processes 1;
        pid \(folder)/nginx-\(port).pid;
        error_log \(folder)/error.log warn;
        events { worker_connections 256; }
        http {
            access_log off;
            sendfile on;
            client_body_temp_path \(folder)/tmp;
            proxy_temp_path \(folder)/tmp;
            fastcgi_temp_path \(folder)/tmp;
            uwsgi_temp_path \(folder)/tmp;
            scgi_temp_path \(folder)/tmp;
            types {
                video/mp4 mp4 m4v;
                video/quicktime mov;
                image/jpeg jpg jpeg;
                image/png png;
                text/plain sha256 txt;
            }
            default_type application/octet-stream;
            server {
                listen 127.0.0.1:\(port);
                root \(folder)/root;
                client_max_body_size 0;
                location / {
                    dav_methods PUT DELETE MKCOL COPY MOVE;
                    create_full_put_path off;
                    dav_access user:rw group:r all:r;
                    limit_except GET HEAD {
                        auth_basic "twin";
                        auth_basic_user_file \(folder)/htpasswd;
                    }
                }
                location /private/ {
                    dav_methods PUT DELETE MKCOL;
                    create_full_put_path off;
                    auth_basic "twin";
                    auth_basic_user_file \(folder)/htpasswd;
                    limit_except PUT DELETE MKCOL HEAD { deny all; }
                }
            }
        }

        """
    }
}
