# Varnish 7 in front of the app servers: caches what the app marks
# `Cache-Control: public` (anonymous pages and API reads, site_config/http_cache.py)
# and is purged by the app on publish (publishing/cache_purge.py).
#
# Install: apt-get install varnish; copy this file to /etc/varnish/default.vcl, set the
# backend to the app (gunicorn) and the purgers ACL to the app servers' addresses, and
# point the app at Varnish with FRONTEND_CACHE_VARNISH_URL=http://<varnish>:6081.
vcl 4.1;

import std;

# The app. With several app servers, use a round-robin director (vmod_directors).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers, which send PURGE when an editor publishes.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (!req.http.host) {
        return (synth(400, "Host header required"));
    }
    set req.http.host = std.tolower(req.http.host);

    if (req.method == "PURGE") {
        return (synth(200, "Purged"));
    }

    # Compression: the app compresses its answers (Brotli or gzip, site_config/
    # compression.py) and Varnish stores them as they come. Varnish itself knows gzip
    # only: for a lookup it asks the app for gzip, and unzips for the rare client
    # that takes neither. Clients that take Brotli get objects of their own (vcl_hash),
    # fetched with "Accept-Encoding: br" (vcl_backend_fetch). Bans reach both.
    unset req.http.x-brotli;
    # "br", or "br;q=…" with a weight above zero.
    if (req.http.Accept-Encoding ~ "(?i)(^|,)\s*br\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.0*[1-9][0-9]*)\s*)?(,|$)") {
        set req.http.x-brotli = "1";
    }

    # Forms, writes and anything that is not a plain read go to the app, but only once
    # their whole body has arrived: a client sending a byte at a time then holds one of
    # Varnish's thousands of threads, never one of the app's few. (A client slow to
    # send its headers is dropped after timeout_idle, 5 s.) The caps are the app's own
    # (MAX_REQUEST_BODY_SIZE; STAFF_MAX_REQUEST_BODY_SIZE for uploads in the admin).
    if (req.method != "GET" && req.method != "HEAD") {
        if (req.url ~ "^/admin(/|$)") {
            if (!std.cache_req_body(64MB)) {
                return (synth(413, "Request too large"));
            }
        } elsif (!std.cache_req_body(1MB)) {
            return (synth(413, "Request too large"));
        }
        return (pass);
    }
    # Anyone signed in (session), holding a CSRF token for a form, or sending API
    # credentials is served by the app, and the answer is never stored. (Django's
    # SESSION_COOKIE_NAME and CSRF_COOKIE_NAME: change both together.)
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)") {
        return (pass);
    }
    # An anonymous visitor's other cookies (analytics and the like) mean nothing to the
    # app; dropped, so that every visitor shares one cached copy.
    unset req.http.Cookie;
    return (hash);
}

# PURGE from the app: "/path" clears /path with any query string (every listing, every
# filtered A-Z index); "/path*" clears everything under /path, "/*" the whole site.
# Bans, not purges, to reach every query string; they test obj.* only, so Varnish's
# ban lurker clears the objects in the background.
sub vcl_synth {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            set resp.status = 403;
            set resp.reason = "Forbidden";
            return (deliver);
        }
        if (req.url ~ "\*$") {
            set req.http.x-ban = "obj.http.x-cache-host == " + req.http.host +
                " && obj.http.x-cache-url ~ ^" + regsub(req.url, "\*$", "");
        } else {
            set req.http.x-ban = "obj.http.x-cache-host == " + req.http.host +
                " && obj.http.x-cache-path == " + regsub(req.url, "\?.*$", "");
        }
        if (!std.ban(req.http.x-ban)) {
            set resp.status = 400;
            set resp.reason = std.ban_error();
        }
        return (deliver);
    }
}

sub vcl_hash {
    if (req.http.x-brotli) {
        hash_data("br");
    }
    # Then the built-in vcl_hash: the URL and host.
}

sub vcl_pass {
    set req.http.x-cache = "PASS";
}

sub vcl_backend_fetch {
    unset bereq.http.x-cache;
    # A lookup's request says "gzip" by now; a pass's is the client's own.
    if (bereq.http.x-brotli && bereq.uncacheable == false) {
        set bereq.http.Accept-Encoding = "br";
    }
    unset bereq.http.x-brotli;
}

sub vcl_backend_response {
    # Kept with each object for the bans above; removed before delivery.
    set beresp.http.x-cache-host = bereq.http.host;
    set beresp.http.x-cache-url = bereq.url;
    set beresp.http.x-cache-path = regsub(bereq.url, "\?.*$", "");

    # Only what the app marks public is shared: anything else (private, no-store, a
    # cookie being set, no Cache-Control at all) is fetched anew for every request,
    # whatever Varnish's defaults would have kept.
    if (beresp.http.Cache-Control !~ "(?i)\bpublic\b"
        || beresp.http.Cache-Control ~ "(?i)\b(private|no-store|no-cache)\b"
        || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish takes the TTL from s-maxage (before max-age), so the app decides it.
}

sub vcl_deliver {
    unset resp.http.x-cache-host;
    unset resp.http.x-cache-url;
    unset resp.http.x-cache-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } elsif (req.http.x-cache) {
        set resp.http.X-Cache = req.http.x-cache;
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
