import Foundation

/// moto's S3 server on a free loopback port.
///
/// With `enforcesSignatures`, moto is started with `INITIAL_NO_AUTH_ACTION_COUNT=0`; an IAM user
/// with an `s3:*` policy, an access key and a role are then created through moto's own IAM API
/// (during a window of exactly five unauthenticated actions opened with `/moto-api/reset-auth`),
/// the bucket is created with that key, and the role is assumed through STS for temporary
/// credentials (`temporaryCredentials`). Every later request must carry a valid SigV4 signature
/// (and, with temporary credentials, the right session token).
/// Without it, moto checks no signature (presigned GETs work); a bucket policy makes `public/*`
/// readable by anyone, while anonymous GETs elsewhere get 403.
public struct MotoS3: Sendable {
    public let server: LaunchedServer
    public let accessKeyID: String
    public let secretAccessKey: String
    public let bucket: String
    public let enforcesSignatures: Bool
    /// Temporary credentials from STS AssumeRole (auth-on instance only).
    public let temporaryCredentials: (accessKeyID: String, secretAccessKey: String, sessionToken: String)?
    public var endpoint: String { server.baseURL }

    public static func launch(enforcesSignatures: Bool, bucket: String = "twin-media") async throws -> MotoS3 {
        let server = try await LaunchedServer.launch(
            name: "moto", executable: "moto_server",
            arguments: { ["-H", "127.0.0.1", "-p", String($0)] },
            environment: enforcesSignatures ? ["INITIAL_NO_AUTH_ACTION_COUNT": "0"] : [:],
            deadline: .seconds(60)
        )
        let output = try PythonScript.run(setupScript, arguments: [server.baseURL, bucket, enforcesSignatures ? "auth" : "open"])
        let text = String(decoding: output, as: UTF8.self)
        let fields = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 2 || fields.count == 5 else {
            server.stop()
            throw ServerLaunchError(message: "moto setup failed: \(String(decoding: output, as: UTF8.self))")
        }
        return MotoS3(server: server, accessKeyID: fields[0], secretAccessKey: fields[1], bucket: bucket,
                      enforcesSignatures: enforcesSignatures,
                      temporaryCredentials: fields.count == 5 ? (fields[2], fields[3], fields[4]) : nil)
    }

    static let setupScript = #"""
    import sys, json, urllib.request, boto3
    from botocore.config import Config
    endpoint, bucket, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
    def client(service, key, secret):
        return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)
    if mode == "auth":
        req = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"5", method="POST", headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(req).read()
        iam = client("iam", "AKIASETUPSETUPSETUP0", "setup")
        iam.create_user(UserName="twin")
        iam.put_user_policy(UserName="twin", PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sts:AssumeRole"], "Resource": "*"}]}))
        key = iam.create_access_key(UserName="twin")["AccessKey"]
        key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]
        role = iam.create_role(RoleName="uploader", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                     "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        iam.put_role_policy(RoleName="uploader", PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    else:
        key_id, secret = "AKIAOPENOPENOPEN0000", "open-secret-not-checked"
    s3 = client("s3", key_id, secret)
    s3.create_bucket(Bucket=bucket)
    if mode != "auth":
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/public/*"}]}))
    if mode == "auth":
        temp = client("sts", key_id, secret).assume_role(RoleArn=role, RoleSessionName="twin-tests")["Credentials"]
        print(key_id, secret, temp["AccessKeyId"], temp["SecretAccessKey"], temp["SessionToken"])
    else:
        print(key_id, secret)
    """#
}
