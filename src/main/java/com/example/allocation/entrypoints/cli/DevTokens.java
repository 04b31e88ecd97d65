package com.example.allocation.entrypoints.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * A pocket identity provider for trying the service with authentication on one's own machine (README,
 * "Running with authentication"): it makes an EC key pair, and mints access tokens signed with it that the
 * service, given the public key in {@code AUTH_PUBLIC_KEY_FILE}, accepts. Not for production, where tokens
 * come from the company's identity provider.
 *
 * <pre>
 * java -jar target/allocation.jar dev-tokens keys FOLDER
 * java -jar target/allocation.jar dev-tokens token FOLDER SUBJECT SCOPE...
 * </pre>
 */
public final class DevTokens {

    public static final String ISSUER = "http://localhost/dev-issuer";
    public static final String AUDIENCE = "allocation";
    private static final String PRIVATE_KEY = "signing-key.jwk.json";
    private static final String PUBLIC_KEY = "issuer.pem";
    private static final Duration LIFETIME = Duration.ofHours(1);

    private DevTokens() {
    }

    /** Makes a key pair in {@code folder}: the private key readable by its owner only, the public key as PEM. */
    public static Path keys(Path folder) throws IOException {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(folder);
            Path privateKey = folder.resolve(PRIVATE_KEY);
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey);
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply.
            }
            Files.writeString(privateKey, key.toJSONString(), StandardCharsets.UTF_8);
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.toECPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return Files.writeString(folder.resolve(PUBLIC_KEY), pem, StandardCharsets.US_ASCII);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not make a key pair", e);
        }
    }

    /** A token for {@code subject} with {@code scopes}, valid for an hour, signed with the key made by {@link #keys}. */
    public static String token(Path folder, String subject, String... scopes) throws IOException {
        Path privateKey = folder.resolve(PRIVATE_KEY);
        if (!Files.exists(privateKey)) {
            throw new IllegalArgumentException("No key in " + folder + ": run 'dev-tokens keys " + folder + "' first");
        }
        try {
            ECKey key = ECKey.parse(Files.readString(privateKey, StandardCharsets.UTF_8));
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER).audience(AUDIENCE).subject(subject)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME)))
                    .claim("scope", String.join(" ", scopes))
                    .build();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("The key in " + privateKey + " is not usable: " + e.getMessage());
        }
    }
}
