package com.example.allocation.adapters;

import java.util.regex.Pattern;

/** Connection strings as they may be shown: in a log line or an error message, never with a password. */
public final class Secrets {

    /** {@code scheme://user:password@host}: the password, up to the last {@code @} (better too much hidden than too little). */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*:).*@");
    /** {@code password=…} (any case) as a JDBC URL parameter, up to the next separator. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;:]\\s*password\\s*=)[^&;]*");

    private Secrets() {
    }

    /** The URL with every password it carries replaced by {@code ***}. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String masked = USER_INFO_PASSWORD.matcher(url).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }
}
