package com.example.allocation.entrypoints.http.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC), read with the JDK alone. */
final class PemPublicKey {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private PemPublicKey() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    static PublicKey read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("AUTH_PUBLIC_KEY_FILE " + file + " is too large for a public key");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("AUTH_PUBLIC_KEY_FILE " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new IllegalArgumentException("AUTH_PUBLIC_KEY_FILE " + file
                    + " holds no '-----BEGIN PUBLIC KEY-----' block (a private key or a certificate is not accepted)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AUTH_PUBLIC_KEY_FILE " + file + " has a malformed PEM block");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
                // not a key of this type: try the next
            }
        }
        throw new IllegalArgumentException("AUTH_PUBLIC_KEY_FILE " + file + " holds neither an RSA nor an EC public key");
    }
}
