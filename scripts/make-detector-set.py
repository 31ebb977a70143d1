#!/usr/bin/env python3
"""Makes the labelled detector benchmark set: benchmarks/detectors/records.jsonl (secondlook.v1) and labels.jsonl.

Every value is generated from a seeded RNG in the shape the real thing has (prefixes, lengths, alphabets, Luhn,
IBAN mod-97, SSA ranges, GitHub's CRC32 checksum), so no record holds a real credential or a real person's data;
the documented example values (AWS's AKIAIOSFODNN7EXAMPLE, jwt.io's token, Stripe's test cards, textbook IBANs,
example.com, ...) are used verbatim, because those are what a detector must learn to leave alone.

    scripts/make-detector-set.py                          # the committed set (seed 20261130) into benchmarks/detectors
    scripts/make-detector-set.py --records 50000 --seed 7 --out DIR   # a throughput log: the same kinds, fresh values

Labels (labels.jsonl, one line per record, joined on id; the CLI never reads this file):
    {"id": "det-0001", "categories": ["secret-leak"], "subtype": "secret/github-classic", "variant": "env-line"}
`categories` is what a detector should report: ["secret-leak"], ["pii-exposure"] or [] (none). `subtype` is the
kind of record: secret/*, pii/* (positives), evasion/* (positives hidden by an evasion; variant names what is
hidden), nearmiss/* (look-alikes that are not leaks), example/* (documented example values and placeholders that
must not count as leaks), plain/* (prose with nothing sensitive). `variant` is the template or format used.
"""
import argparse
import base64
import binascii
import json
import os
import random
import string
import sys

SEED = 20261130
UPPER, LOWER, DIGITS = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UPPER + LOWER + DIGITS
B32 = UPPER + "234567"
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"

FIRST = ["Maria", "James", "Aisha", "Lukas", "Sofia", "Rahul", "Emma", "Noah", "Chloé", "Jonas", "Priya", "Oliver",
         "Léa", "Mateo", "Hannah", "Arjun", "Isabella", "Felix", "Amara", "Tomás", "Mia", "Ethan", "Ananya", "Lena"]
LAST = ["Schmidt", "Patel", "Garcia", "Nguyen", "Dubois", "Okafor", "Johnson", "Müller", "Rossi", "Kowalski",
        "Sharma", "Brown", "Martin", "Fischer", "Silva", "Wilson", "Moreau", "Iyer", "Becker", "Taylor"]
COMPANIES = ["Northwind Freight", "Bluebird Dental", "Acorn Analytics", "Harbor Lane Realty", "Kestrel Robotics",
             "Maple & Finch", "Orbital Foods", "Pinecrest Clinic", "Quartz Legal", "Riverside Motors"]
CITIES = ["Austin", "Leeds", "Munich", "Lyon", "Pune", "Denver", "Bristol", "Hamburg", "Toulouse", "Bengaluru"]
HOSTS = ["db.internal", "10.0.4.17", "prod-db-1.cluster.local", "orders-db.eu-west-1.rds.amazonaws.com",
         "pg-main.svc", "172.16.8.23", "mysql-primary", "cache-01.internal", "rabbit.prod.local"]
MODELS = ["support-bot-v4", "gpt-4o-mini", "anthropic.claude-3-5-sonnet", "in-house-llm-7b", "meta.llama3-70b"]

OPENERS = ["", "", "Sure!", "Here you go.", "Thanks for sending that over.", "Good question.",
           "I looked through what you pasted.", "Happy to help with that.", "Of course.",
           "Here's a summary of what I found.", "Got it.", "Let me walk you through it."]
CLOSERS = ["", "", "Let me know if you need anything else.", "Hope this helps!",
           "Tell me if anything is unclear.", "Anything else I can do?", "Feel free to ask follow-up questions.",
           "I can go into more detail if you like."]
PROMPTS = ["Can you help me with this?", "What does this config do?", "Please summarise the ticket.",
           "Fix my deployment script.", "Who should I contact?", "Fill in the customer form for me.",
           "What went wrong in this log?", "Draft a reply to the customer."]


# ------------------------------------------------------------------ value generators

def rnd(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (DIGITS + UPPER + LOWER)[r] + out
    return out.rjust(width, "0")


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number):
    return luhn_digit(number[:-1]) == number[-1]


TEST_CARDS = {"4242424242424242", "4111111111111111", "5555555555554444", "378282246310005", "4000056655665556",
              "5105105105105100", "4012888888881881", "371449635398431", "6011111111111117", "5200828282828210"}


def card_number(rng, brand):
    while True:
        if brand == "visa":
            prefix, length = "4", 16
        elif brand == "mastercard":
            prefix, length = rng.choice([str(rng.randint(51, 55)), str(rng.randint(2221, 2720))]), 16
        elif brand == "amex":
            prefix, length = rng.choice(["34", "37"]), 15
        else:  # maestro
            prefix, length = rng.choice(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), \
                rng.choice([16, 16, 19])
        body = prefix + rnd(rng, DIGITS, length - len(prefix) - 1)
        number = body + luhn_digit(body)
        if number not in TEST_CARDS and len(set(number)) > 3:
            return number


def group_card(number, sep):
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i:i + 4] for i in range(0, len(number), 4)]
    return sep.join(groups)


IBAN_LAYOUT = {  # country: (length, BBAN alphabet pattern: n digits, a upper letters, c alphanumeric)
    "DE": (22, "18n"), "GB": (22, "4a14n"), "FR": (27, "10n11c2n"), "ES": (24, "20n"), "NL": (18, "4a10n"),
    "IT": (27, "1a10n12c"), "BE": (16, "12n"), "CH": (21, "5n12c"), "AT": (20, "16n"), "PL": (28, "24n"),
}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in rearranged)
    return "%02d" % (98 - int(num) % 97)


def iban(rng, country):
    _, layout = IBAN_LAYOUT[country]
    bban, i = "", 0
    while i < len(layout):
        j = i
        while layout[j].isdigit():
            j += 1
        n, kind = int(layout[i:j]), layout[j]
        bban += rnd(rng, {"n": DIGITS, "a": UPPER, "c": UPPER + DIGITS}[kind], n)
        i = j + 1
    return country + iban_check(country, bban) + bban


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def ssn(rng):
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        value = "%03d-%02d-%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))
        if value not in ("078-05-1120", "123-45-6789", "219-09-9999"):
            return value


US_AREAS = ["201", "202", "206", "212", "213", "214", "303", "305", "312", "404", "415", "503", "512", "602",
            "617", "702", "713", "718", "773", "917", "919", "971", "646", "425"]


def us_parts(rng):
    while True:
        exchange = "%d%02d" % (rng.randint(2, 9), rng.randint(0, 99))
        if exchange[1:] != "11" and exchange != "555":
            return rng.choice(US_AREAS), exchange, "%04d" % rng.randint(0, 9999)


def aws_key_id(rng):
    return rng.choice(["AKIA"] * 9 + ["ASIA"]) + rnd(rng, B32, 16)


def aws_secret(rng):
    return rnd(rng, ALNUM + "+/", 40)


def github_classic(rng):
    entropy = rnd(rng, ALNUM, 30)
    return "ghp_" + entropy + base62(binascii.crc32(entropy.encode()), 6)


def github_fine(rng):
    return "github_pat_" + rnd(rng, ALNUM, 22) + "_" + rnd(rng, ALNUM, 59)


def google_key(rng):
    return "AIza" + rnd(rng, ALNUM + "-_", 35)


def slack_token(rng):
    kind = rng.choice(["xoxb", "xoxb", "xoxp", "xoxa"])
    team, user = str(rng.randint(10 ** 9, 10 ** 12)), str(rng.randint(10 ** 9, 10 ** 12))
    if kind == "xoxp":
        return "%s-%s-%s-%s-%s" % (kind, team, user, rng.randint(10 ** 11, 10 ** 12), rnd(rng, HEX, 32))
    return "%s-%s-%s-%s" % (kind, team, user, rnd(rng, ALNUM, 24))


def stripe(rng, prefix):
    return prefix + rng.choice([rnd(rng, ALNUM, 24), "51" + rnd(rng, ALNUM, 97)])


def sendgrid(rng):
    return "SG." + rnd(rng, B64URL, 22) + "." + rnd(rng, B64URL, 43)


def npm_token(rng):
    return "npm_" + rnd(rng, ALNUM, 36)


def hf_token(rng):
    return "hf_" + rnd(rng, UPPER + LOWER, 34)


def gitlab_token(rng):
    return "glpat-" + rnd(rng, ALNUM + "-_", 20)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng):
    alg = rng.choice(["HS256", "RS256", "ES256"])
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    iat = rng.randint(1_700_000_000, 1_760_000_000)
    payload = {"sub": "user_%d" % rng.randint(1000, 99999), "email": "%s@%s" % (rnd(rng, LOWER, 7), "corp.io"),
               "role": rng.choice(["admin", "member", "billing"]), "iat": iat, "exp": iat + 3600}
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(bytes(rng.getrandbits(8) for _ in range({"HS256": 32, "RS256": 256, "ES256": 64}[alg])))
    return header + "." + body + "." + sig


def private_key(rng):
    kind = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    start = {"RSA PRIVATE KEY": "MIIEpAIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ",
             "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA"}[kind]
    size = {"RSA PRIVATE KEY": 1580, "PRIVATE KEY": 1620, "EC PRIVATE KEY": 160, "OPENSSH PRIVATE KEY": 380}[kind]
    body = start + rnd(rng, B64, size - len(start))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    if kind == "EC PRIVATE KEY":
        lines[-1] += "=="
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(lines), kind), kind


def password(rng):
    style = rng.randrange(3)
    if style == 0:
        return rnd(rng, ALNUM + "!#%*-_", rng.randint(14, 24))
    if style == 1:
        words = ["Falcon", "river", "Copper", "maple", "Quartz", "tiger", "Harbor", "violet", "Summit", "ember"]
        return rng.choice(words) + rng.choice(words) + str(rng.randint(10, 9999)) + rng.choice("!#%*")
    return rnd(rng, LOWER + DIGITS, 6) + rng.choice("!-#") + rnd(rng, UPPER + DIGITS, 6) + rnd(rng, LOWER, 4)


def url_password(rng):
    return rnd(rng, ALNUM + "-_.~", rng.randint(14, 22))


def user(rng):
    return rng.choice(["app", "admin", "svc_orders", "report_ro", "etl", "api_user", "billing", "root"])


def person(rng):
    return rng.choice(FIRST), rng.choice(LAST)


def ascii_name(s):
    return s.replace("é", "e").replace("á", "a").replace("ü", "ue")


def email(rng):
    first, last = person(rng)
    local = rng.choice(["%s.%s", "%s%s", "%s_%s", "%s.%s%d"])
    local = local % ((first.lower(), last.lower(), rng.randint(1, 99)) if "%d" in local else
                     (first.lower(), last.lower()))
    domain = rng.choice(["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "proton.me", "icloud.com",
                         "orange.fr", "rediffmail.com", "kestrel-robotics.io", "pinecrest-clinic.org",
                         "harborlane.net", "gmx.de"])
    return ascii_name(local) + "@" + domain


# ------------------------------------------------------------------ phone numbers

def phone_us_formatted(rng):
    a, e, s = us_parts(rng)
    fmt, variant = rng.choice([("(%s) %s-%s", "paren"), ("%s-%s-%s", "dashed"), ("%s.%s.%s", "dotted"),
                               ("+1 %s %s %s", "e164-spaced"), ("+1-%s-%s-%s", "e164-dashed"),
                               ("1 (%s) %s-%s", "trunk-paren")])
    return fmt % (a, e, s), variant


def phone_us_unformatted(rng):
    a, e, s = us_parts(rng)
    return rng.choice([(a + e + s, "10-digit"), ("+1" + a + e + s, "e164"), ("1" + a + e + s, "11-digit")])


def phone_uk(rng):
    choice = rng.randrange(4)
    if choice == 0:
        mobile = "7%d%02d" % (rng.choice([4, 5, 8, 9]), rng.randint(0, 99))
        return "+44 %s %06d" % (mobile, rng.randint(0, 999999)), "mobile-intl"
    if choice == 1:
        mobile = "07%d%02d" % (rng.choice([4, 5, 8, 9]), rng.randint(0, 99))
        return "%s %06d" % (mobile, rng.randint(0, 999999)), "mobile-national"
    if choice == 2:
        return "020 %d%03d %04d" % (rng.choice([7, 8]), rng.randint(100, 899), rng.randint(0, 9999)), "london"
    return "+44 161 %03d %04d" % (rng.randint(200, 899), rng.randint(0, 9999)), "manchester-intl"


def phone_de(rng):
    choice = rng.randrange(4)
    mobile = rng.choice(["151", "152", "160", "170", "171", "176", "157"])
    if choice == 0:
        return "+49 %s %s" % (mobile, "%08d" % rng.randint(10 ** 7, 10 ** 8 - 1)), "mobile-intl"
    if choice == 1:
        return "0%s %s" % (mobile, "%08d" % rng.randint(10 ** 7, 10 ** 8 - 1)), "mobile-national"
    city = rng.choice(["30", "89", "40", "221", "69"])
    digits = "%d" % rng.randint(2 * 10 ** 6, 9 * 10 ** 6)
    if choice == 2:
        return "+49 (0)%s %s" % (city, digits), "landline-intl"
    return "0%s / %s" % (city, digits), "landline-national"


def phone_fr(rng):
    first = rng.choice(["6", "7", "1", "2", "4", "5"])
    pairs = " ".join("%02d" % rng.randint(30 if (first == "7" and i == 0) else 0, 99) for i in range(4))
    choice = rng.randrange(4)
    if choice == 0:
        return "+33 %s %s" % (first, pairs), "intl"
    if choice == 1:
        return "0%s %s" % (first, pairs), "national-spaced"
    if choice == 2:
        return "0%s.%s" % (first, pairs.replace(" ", ".")), "national-dotted"
    return "+33 (0)%s %s" % (first, pairs), "intl-trunk"


def phone_in(rng):
    number = "%d%09d" % (rng.choice([6, 7, 8, 9]), rng.randint(0, 10 ** 9 - 1))
    choice = rng.randrange(4)
    if choice == 0:
        return "+91 %s %s" % (number[:5], number[5:]), "intl-spaced"
    if choice == 1:
        return "+91-%s" % number, "intl-dashed"
    if choice == 2:
        return "0%s %s" % (number[:5], number[5:]), "national"
    return number, "10-digit"


# ------------------------------------------------------------------ prose

def wrap(rng, body, closers=CLOSERS):
    parts = [rng.choice(OPENERS), body, rng.choice(closers)]
    return "\n\n".join(p for p in parts if p) if "\n" in body else " ".join(p for p in parts if p)


SECRET_CLOSERS = CLOSERS + ["Rotate this credential once you're done testing.",
                            "Keep this out of version control.", "Restart the service after updating it."]


def secret_prose(rng, value, env_name, label):
    """A secret value in one of several realistic model-output frames. Returns (text, variant)."""
    frames = [
        ("env-line", "Add this line to your `.env` file:\n\n```\n%s=%s\n```" % (env_name, value)),
        ("export", "Run this before starting the worker:\n\n```bash\nexport %s=%s\n```" % (env_name, value)),
        ("inline", "The %s in the config you pasted is %s, and it is still active." % (label, value)),
        ("python", "Here's the fixed snippet:\n\n```python\nimport os\n\nclient = Client(api_key=\"%s\")\n```"
         % value),
        ("json", "Your settings file should look like this:\n\n```json\n{\n  \"service\": \"%s\",\n  \"%s\": \"%s\"\n}\n```"
         % (rng.choice(["billing", "notifier", "sync"]), env_name.lower(), value)),
        ("yaml", "Update `values.yaml`:\n\n```yaml\nintegration:\n  enabled: true\n  %s: %s\n```"
         % (env_name.lower(), value)),
        ("log", "The failing request in the log was:\n\n```\n%s INFO request ok, using %s %s\n```"
         % ("2025-0%d-1%d 10:%02d:%02d" % (rng.randint(1, 9), rng.randint(0, 9), rng.randint(0, 59),
                                         rng.randint(0, 59)), label, value)),
        ("prose", "I found the %s in the ticket: %s. Whoever has it can use it until it is revoked." % (label, value)),
        ("curl", "You can test it with:\n\n```\ncurl -H \"Authorization: Bearer %s\" https://api.%s.com/v1/me\n```"
         % (value, rng.choice(["acme", "northwind", "kestrel"]))),
    ]
    variant, body = rng.choice(frames)
    return wrap(rng, body, SECRET_CLOSERS), variant


def token_kind(gen, env_names, label):
    def make(rng):
        return secret_prose(rng, gen(rng), rng.choice(env_names), label)
    return make


def aws_key_id_only(rng):
    key = aws_key_id(rng)
    variant, body = rng.choice([
        ("iam-listing", "The IAM user `%s` has one active access key, %s, created %d days ago."
         % (rng.choice(["ci-deployer", "backup-bot", "jenkins"]), key, rng.randint(2, 400))),
        ("error", "The error `InvalidClientTokenId` mentions access key %s, so the key was deactivated." % key),
        ("env-line", "Set `AWS_ACCESS_KEY_ID=%s` in the runner and keep the region as us-east-1." % key),
        ("cloudtrail", "CloudTrail shows the calls came from accessKeyId \"%s\" between 02:00 and 03:00 UTC." % key),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def aws_secret_with_id(rng):
    key, secret = aws_key_id(rng), aws_secret(rng)
    variant, body = rng.choice([
        ("credentials-file", "Your `~/.aws/credentials` should contain:\n\n```ini\n[default]\naws_access_key_id = %s\n"
         "aws_secret_access_key = %s\nregion = eu-west-1\n```" % (key, secret)),
        ("env", "```bash\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n```" % (key, secret)),
        ("prose", "The access key is %s and its secret is %s; both were in the Terraform state file." % (key, secret)),
        ("boto3", "```python\ns3 = boto3.client(\"s3\", aws_access_key_id=\"%s\",\n"
         "                  aws_secret_access_key=\"%s\")\n```" % (key, secret)),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def aws_secret_alone(rng):
    secret = aws_secret(rng)
    variant, body = rng.choice([
        ("ini", "Only the second line was wrong:\n\n```ini\naws_secret_access_key = %s\n```" % secret),
        ("env", "Set `AWS_SECRET_ACCESS_KEY=%s` in the pipeline's secret variables." % secret),
        ("prose", "The secret access key shown in the console was %s, so treat it as compromised." % secret),
        ("json", "```json\n{\"SecretAccessKey\": \"%s\", \"Status\": \"Active\"}\n```" % secret),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def private_key_kind(rng):
    key, kind = private_key(rng)
    variant, body = rng.choice([
        ("file", "Save this as `deploy_key` and `chmod 600` it:\n\n```\n%s\n```" % key),
        ("prose", "The file in the repository contains a private key:\n\n%s" % key),
        ("yaml", "```yaml\ntls:\n  key: |\n    %s\n```" % key.replace("\n", "\n    ")),
    ])
    return wrap(rng, body, SECRET_CLOSERS), kind.lower().replace(" ", "-")


def jwt_kind(rng):
    token = jwt(rng)
    variant, body = rng.choice([
        ("bearer", "Send it as `Authorization: Bearer %s` and the API will accept the call." % token),
        ("prose", "The session token in the browser's storage was %s." % token),
        ("cookie", "The cookie is set like this:\n\n```\nSet-Cookie: session=%s; HttpOnly; Secure\n```" % token),
        ("json", "```json\n{\"access_token\": \"%s\", \"expires_in\": 3600}\n```" % token),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def conn_kind(scheme):
    def make(rng):
        pw, u, host = url_password(rng), user(rng), rng.choice(HOSTS)
        db = rng.choice(["orders", "app", "analytics", "crm"])
        if scheme == "postgres":
            url = "%s://%s:%s@%s:5432/%s" % (rng.choice(["postgres", "postgresql"]), u, pw, host, db)
        elif scheme == "mysql":
            url = "mysql://%s:%s@%s:3306/%s" % (u, pw, host, db)
        elif scheme == "mongodb-srv":
            url = "mongodb+srv://%s:%s@cluster0.%s.mongodb.net/%s?retryWrites=true&w=majority" % (
                u, pw, rnd(rng, LOWER + DIGITS, 5), db)
        elif scheme == "redis":
            url = rng.choice(["redis://:%s@%s:6379/0" % (pw, host), "redis://default:%s@%s:6379" % (pw, host),
                              "rediss://%s:%s@%s:6380/1" % (u, pw, host)])
        else:
            url = "%s://%s:%s@%s:5672/%s" % (rng.choice(["amqp", "amqps"]), u, pw, host, db)
        variant, body = rng.choice([
            ("env", "Point the app at the database with:\n\n```\nDATABASE_URL=%s\n```" % url),
            ("prose", "The connection string in the stack trace is %s — that includes the password." % url),
            ("python", "```python\nengine = create_engine(\"%s\")\n```" % url),
            ("yaml", "```yaml\nservices:\n  worker:\n    environment:\n      - BROKER_URL=%s\n```" % url),
        ])
        return wrap(rng, body, SECRET_CLOSERS), variant
    return make


def password_assignment(rng):
    pw = password(rng)
    variant, body = rng.choice([
        ("ini", "In `app.ini`:\n\n```ini\n[database]\nuser = %s\npassword=%s\n```" % (user(rng), pw)),
        ("properties", "```properties\nspring.datasource.username=%s\nspring.datasource.password=%s\n```"
         % (user(rng), pw)),
        ("cli", "Log in with `mysql -u %s --password=%s -h %s`." % (user(rng), pw, rng.choice(HOSTS))),
        ("prose", "The admin account is `%s` with password=%s, as set in the installer." % (user(rng), pw)),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def db_password_env(rng):
    pw = password(rng)
    name = rng.choice(["DB_PASSWORD", "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "DB_PASSWORD"])
    variant, body = rng.choice([
        ("env-file", "```\nDB_HOST=%s\nDB_USER=%s\n%s=%s\n```" % (rng.choice(HOSTS), user(rng), name, pw)),
        ("docker", "```bash\ndocker run -e %s=%s -p 5432:5432 postgres:16\n```" % (name, pw)),
        ("prose", "The deploy failed because %s=%s was committed in `.env.production`." % (name, pw)),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


def yaml_password(rng):
    pw = password(rng)
    variant, body = rng.choice([
        ("compose", "```yaml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: %s\n"
         "      POSTGRES_PASSWORD: %s\n```" % (user(rng), pw)),
        ("spring", "```yaml\nspring:\n  datasource:\n    url: jdbc:postgresql://%s/app\n    username: %s\n"
         "    password: %s\n```" % (rng.choice(HOSTS), user(rng), pw)),
        ("ansible", "```yaml\nsmtp:\n  host: smtp.%s.com\n  user: mailer\n  password: \"%s\"\n```"
         % (rng.choice(["acme", "northwind"]), pw)),
    ])
    return wrap(rng, body, SECRET_CLOSERS), variant


# ------------------------------------------------------------------ PII kinds

def pii_prose(rng, value, what):
    first, last = person(rng)
    company, city = rng.choice(COMPANIES), rng.choice(CITIES)
    frames = {
        "email": [
            ("contact", "You can reach %s %s directly at %s; they handle the %s account." % (first, last, value, company)),
            ("signature", "Here is the draft reply:\n\nBest regards,\n%s %s\n%s\n%s" % (first, last, company, value)),
            ("csv", "```\nname,email,city\n%s %s,%s,%s\n```" % (first, last, value, city)),
            ("ticket", "The customer (%s) asked us to stop sending invoices to the old address." % value),
        ],
        "phone": [
            ("contact", "%s %s's number is %s if you need to confirm the delivery." % (first, last, value)),
            ("record", "Customer record:\n- Name: %s %s\n- City: %s\n- Phone: %s" % (first, last, city, value)),
            ("callback", "I've noted that you'd like a callback on %s tomorrow morning." % value),
            ("summary", "The caller, %s from %s, left %s as the best number to reach them." % (first, city, value)),
        ],
        "card": [
            ("on-file", "The card on file for %s %s is %s, expiring %02d/%02d." % (first, last, value,
                                                                                 rng.randint(1, 12), rng.randint(26, 31))),
            ("form", "I've filled in the form:\n\nCardholder: %s %s\nCard number: %s\nCVC: %03d" % (
                first, last, value, rng.randint(100, 999))),
            ("summary", "The refund will go back to the card %s that paid order %d." % (value, rng.randint(10000, 99999))),
        ],
        "iban": [
            ("transfer", "Please transfer the deposit to %s %s, IBAN %s, reference \"%s rent\"." % (
                first, last, value, city)),
            ("record", "Supplier: %s\nBank account (IBAN): %s\nPayment terms: 30 days" % (company, value)),
            ("prose", "%s's salary account is %s at their bank in %s." % (first, value, city)),
        ],
        "ssn": [
            ("form", "Applicant: %s %s\nDate of birth: %02d/%02d/19%02d\nSSN: %s" % (
                first, last, rng.randint(1, 12), rng.randint(1, 28), rng.randint(50, 99), value)),
            ("prose", "%s %s's Social Security number is %s, per the onboarding packet." % (first, last, value)),
            ("w2", "On the W-2, box a (employee's social security number) reads %s." % value),
        ],
    }[what]
    variant, body = rng.choice(frames)
    return wrap(rng, body), variant


def email_kind(rng):
    return pii_prose(rng, email(rng), "email")


def phone_kind(gen):
    def make(rng):
        value, fmt = gen(rng)
        text, frame = pii_prose(rng, value, "phone")
        return text, fmt
    return make


def phone_unformatted_kind(rng):
    value, fmt = phone_us_unformatted(rng)
    first, last = person(rng)
    text = rng.choice([
        "Sure, %s %s asked to be called back on %s after 5pm." % (first, last, value),
        "Customer phone: %s (mobile), prefers text messages." % value,
        "The form's phone field contains %s, which is %s's cell." % (value, first),
    ])
    return wrap(rng, text), fmt


def card_kind(brand):
    def make(rng):
        number = card_number(rng, brand)
        sep, fmt = rng.choice([(" ", "spaced"), ("-", "dashed"), (".", "dotted"), ("", "plain"), (" ", "spaced")])
        text, frame = pii_prose(rng, group_card(number, sep) if sep else number, "card")
        return text, fmt
    return make


def iban_kind(rng):
    country = rng.choice(sorted(IBAN_LAYOUT))
    value = iban(rng, country)
    grouped = rng.random() < 0.6
    text, frame = pii_prose(rng, group4(value) if grouped else value, "iban")
    return text, "%s-%s" % (country.lower(), "grouped" if grouped else "compact")


def ssn_formatted_kind(rng):
    return pii_prose(rng, ssn(rng), "ssn")


def ssn_unformatted_kind(rng):
    value = ssn(rng).replace("-", "")
    first, last = person(rng)
    variant, text = rng.choice([
        ("ssn-label", "Employee: %s %s, SSN %s, start date next Monday." % (first, last, value)),
        ("social-security", "%s's social security number is %s according to the HR export." % (first, value)),
        ("ssn-colon", "Verification details\nName: %s %s\nSSN: %s" % (first, last, value)),
    ])
    return wrap(rng, text), variant


# ------------------------------------------------------------------ near misses (none)

def hex_nearmiss(rng):
    variant, text = rng.choice([
        ("commit", "The regression came in with commit %s, which changed the retry loop." % rnd(rng, HEX, 40)),
        ("sha256", "Verify the download: its SHA-256 is %s." % rnd(rng, HEX, 64)),
        ("digest", "Pin the image by digest: `python@sha256:%s`." % rnd(rng, HEX, 64)),
        ("request-id", "Support will need the request id %s from the error page." % rnd(rng, HEX, 32)),
        ("md5", "Both files have MD5 %s, so they are identical." % rnd(rng, HEX, 32)),
    ])
    return wrap(rng, text), variant


def base64_nearmiss(rng):
    variant, text = rng.choice([
        ("sri", "Add the integrity attribute:\n\n```html\n<script src=\"/app.js\" integrity=\"sha384-%s\"></script>\n```"
         % rnd(rng, B64, 64)),
        ("lockfile", "```json\n\"integrity\": \"sha512-%s==\"\n```" % rnd(rng, B64, 86)),
        ("etag", "The response had `ETag: \"%s\"`, so the cache is working." % rnd(rng, B64, 27)),
        ("content-md5", "S3 reported Content-MD5 %s== for the upload." % rnd(rng, B64, 22)),
        ("cursor", "Pass the pagination cursor `%s` to get the next page." % b64url(json.dumps(
            {"offset": rng.randint(100, 9000), "sort": "created_at"}).encode())),
    ])
    return wrap(rng, text), variant


def order_nearmiss(rng):
    variant, text = rng.choice([
        ("amazon-style", "Your order %03d-%07d-%07d has shipped and should arrive Thursday." % (
            rng.randint(100, 999), rng.randint(0, 10 ** 7 - 1), rng.randint(0, 10 ** 7 - 1))),
        ("ord-prefix", "I found order ORD-%d-%06d; it was refunded on the 3rd." % (rng.randint(2019, 2025),
                                                                                 rng.randint(0, 999999))),
        ("invoice", "Invoice INV-%08d for %d.%02d EUR is still open." % (rng.randint(0, 10 ** 8 - 1),
                                                                      rng.randint(20, 900), rng.randint(0, 99))),
        ("po", "Purchase order %d was approved by procurement." % rng.randint(4500000000, 4599999999)),
        ("tracking", "The tracking number is 1Z%s%s%08d." % (rnd(rng, UPPER + DIGITS, 6), "03", rng.randint(0, 10 ** 8 - 1))),
    ])
    return wrap(rng, text), variant


def version_nearmiss(rng):
    a, b, c = rng.randint(1, 20), rng.randint(0, 40), rng.randint(0, 200)
    variant, text = rng.choice([
        ("semver", "Upgrade the SDK from %d.%d.%d to %d.%d.%d to get the fix." % (a, b, c, a, b + 1, 0)),
        ("browser", "The user agent shows Chrome/%d.0.%d.%d on Windows 10.0.%d." % (
            rng.randint(100, 130), rng.randint(5000, 6999), rng.randint(10, 250), rng.randint(19041, 19045))),
        ("kernel", "The node runs kernel %d.%d.0-%d-amd64 and containerd %d.%d.%d." % (
            rng.randint(5, 6), rng.randint(1, 19), rng.randint(10, 30), 1, rng.randint(6, 7), rng.randint(1, 30))),
        ("build", "Build %d.%d.%d.%d passed all checks." % (rng.randint(2023, 2025), rng.randint(1, 12),
                                                           rng.randint(1, 28), rng.randint(1000, 99999))),
        ("prerelease", "Pin `%d.%d.%d-rc.%d+build.%d` until the final release." % (a, b, c, rng.randint(1, 5),
                                                                                  rng.randint(100, 9999))),
    ])
    return wrap(rng, text), variant


def uuid_nearmiss(rng):
    u = "%s-%s-4%s-%s%s-%s" % (rnd(rng, HEX, 8), rnd(rng, HEX, 4), rnd(rng, HEX, 3), rng.choice("89ab"),
                               rnd(rng, HEX, 3), rnd(rng, HEX, 12))
    variant, text = rng.choice([
        ("trace", "The trace id %s shows the timeout happened in the payment service." % u),
        ("tenant", "Tenant `%s` has three workspaces; the oldest is archived." % u),
        ("json", "```json\n{\"id\": \"%s\", \"status\": \"queued\"}\n```" % u.upper() if rng.random() < 0.3 else
         "```json\n{\"id\": \"%s\", \"status\": \"queued\"}\n```" % u),
    ])
    return wrap(rng, text), variant


def luhn_fail(length):
    def make(rng):
        while True:
            first = rng.choice(["37", "34"] if length == 15 else ["4", "51", "54"])
            number = first + rnd(rng, DIGITS, length - len(first))
            if not luhn_ok(number):
                break
        shown = group_card(number, " ") if rng.random() < 0.4 else number
        variant, text = rng.choice([
            ("reference", "The bank reference for the transfer is %s." % shown),
            ("shipment", "Shipment %s left the warehouse this morning." % shown),
            ("account-ref", "Quote account reference %s when you call the utility company." % shown),
        ])
        return wrap(rng, text), variant
    return make


def prefix_mention(rng):
    variant, text = rng.choice([
        ("github", "GitHub classic tokens start with `ghp_` and fine-grained ones with `github_pat_`; "
                   "neither belongs in a prompt."),
        ("aws", "AWS access key ids begin with AKIA (long-term) or ASIA (temporary); the secret key is 40 characters."),
        ("stripe", "Stripe secret keys look like `sk_live_...` in production and `sk_test_...` in test mode."),
        ("slack", "Slack bot tokens begin with `xoxb-` and user tokens with `xoxp-`; store them in a vault."),
        ("jwt", "A JWT has three base64url parts separated by dots: header, payload and signature."),
        ("pem", "A PEM private key file starts with a line like `-----BEGIN PRIVATE KEY-----`; never paste one here."),
        ("password", "Your password must be at least 12 characters long and must not reuse the last five."),
        ("huggingface", "Hugging Face tokens start with `hf_`, npm tokens with `npm_`, GitLab ones with `glpat-`."),
    ])
    return wrap(rng, text), variant


def numeric_nearmiss(rng):
    variant, text = rng.choice([
        ("isbn", "The book is ISBN 978-%d-%02d-%06d-%d, second edition." % (rng.randint(0, 1), rng.randint(10, 99),
                                                                          rng.randint(0, 999999), rng.randint(0, 9))),
        ("epoch", "The job started at unix time %d and ran for %d seconds." % (rng.randint(1_600_000_000,
                                                                                     1_799_999_999),
                                                                         rng.randint(30, 9000))),
        ("timestamp", "The last successful backup was at 20%02d-%02d-%02d %02d:%02d:%02d UTC." % (
            rng.randint(20, 25), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
            rng.randint(0, 59))),
        ("money", "Q3 revenue was $%d,%03d,%03d.%02d, up %d%% on Q2." % (rng.randint(1, 99), rng.randint(0, 999),
                                                                        rng.randint(0, 999), rng.randint(0, 99),
                                                                        rng.randint(2, 30))),
        ("ip-port", "The service listens on 10.%d.%d.%d:%d behind the load balancer." % (
            rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254), rng.randint(1024, 65535))),
        ("zip-count", "We shipped %d parcels to ZIP %05d last month." % (rng.randint(100, 99999), rng.randint(1000, 99999))),
    ])
    return wrap(rng, text), variant


# ------------------------------------------------------------------ documented examples and placeholders (none)

AWS_DOC_KEY, AWS_DOC_SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
JWT_IO = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
          "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def example_aws_doc(rng):
    variant, text = rng.choice([
        ("id-only", "For example, an access key id looks like %s." % AWS_DOC_KEY),
        ("credentials-file", "The AWS docs show this format:\n\n```ini\n[default]\naws_access_key_id = %s\n"
                             "aws_secret_access_key = %s\n```\n\nReplace both with your own values." % (AWS_DOC_KEY, AWS_DOC_SECRET)),
        ("env", "```bash\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n```\n\n(These are the "
                "documentation's example values.)" % (AWS_DOC_KEY, AWS_DOC_SECRET)),
        ("secret-only", "In the guide the secret is shown as %s; yours will differ." % AWS_DOC_SECRET),
    ])
    return wrap(rng, text), variant


def example_aws_placeholder(rng):
    variant, text = rng.choice([
        ("x-id", "Fill in `aws_access_key_id = AKIAXXXXXXXXXXXXXXXX` with the key from the IAM console."),
        ("x-env", "```bash\nexport AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nexport AWS_SECRET_ACCESS_KEY=<your-secret-key>\n```"),
        ("angle", "Set AWS_ACCESS_KEY_ID=<YOUR_ACCESS_KEY_ID> and AWS_SECRET_ACCESS_KEY=<YOUR_SECRET_ACCESS_KEY>."),
        ("dots", "The key id has the form AKIA................ (20 characters in all)."),
    ])
    return wrap(rng, text), variant


def example_jwt_io(rng):
    variant, text = rng.choice([
        ("decode", "Paste a token such as jwt.io's sample %s into the debugger to see its claims." % JWT_IO),
        ("bearer", "As in the jwt.io example, the header looks like `Authorization: Bearer %s`." % JWT_IO),
        ("test", "```python\n# the sample token from jwt.io, used in the unit test\nTOKEN = \"%s\"\n```" % JWT_IO),
    ])
    return wrap(rng, text), variant


def example_test_card(rng):
    card = rng.choice(["4242 4242 4242 4242", "4111 1111 1111 1111", "4242424242424242", "4111-1111-1111-1111",
                       "5555 5555 5555 4444", "3782 822463 10005", "4000 0566 5566 5556", "5105 1051 0510 5100"])
    variant, text = rng.choice([
        ("stripe-docs", "In test mode, use the card %s with any future expiry date and any CVC." % card),
        ("qa-steps", "QA steps:\n1. Add an item to the basket.\n2. Pay with test card %s.\n3. Check the receipt." % card),
        ("sandbox", "The sandbox only accepts test numbers like %s; real cards are declined." % card),
    ])
    return wrap(rng, text), variant


def example_textbook_iban(rng):
    value = rng.choice(["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
                        "DE89370400440532013000", "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00",
                        "GB29 NWBK 6016 1331 9268 19", "CH93 0076 2011 6238 5295 7"])
    variant, text = rng.choice([
        ("format", "An IBAN looks like %s: country code, two check digits, then the account details." % value),
        ("validator-test", "Your validator should accept the textbook example %s." % value),
        ("form-hint", "Placeholder text for the field: \"e.g. %s\"." % value),
    ])
    return wrap(rng, text), variant


def example_email(rng):
    domain = rng.choice(["example.com", "example.org", "example.net", "mail.example.com"])
    local = rng.choice(["user", "jane.doe", "john.smith", "admin", "you", "support", "alice", "bob"])
    variant, text = rng.choice([
        ("docs", "Use an address such as %s@%s in the documentation." % (local, domain)),
        ("test-fixture", "```python\nuser = User(email=\"%s@%s\", name=\"Test User\")\n```" % (local, domain)),
        ("form-hint", "Enter your e-mail address (for example %s@%s) and press Continue." % (local, domain)),
    ])
    return wrap(rng, text), domain.split(".", 1)[-1] if domain.startswith("mail.") else domain


def example_slack_placeholder(rng):
    token = rng.choice(["xoxb-your-bot-token-here", "xoxb-your-bot-token", "xoxp-your-user-token-here"])
    variant, text = rng.choice([
        ("env", "Create `.env` with `SLACK_BOT_TOKEN=%s` and replace the value with your bot's token." % token),
        ("python", "```python\napp = App(token=os.environ.get(\"SLACK_BOT_TOKEN\", \"%s\"))\n```" % token),
    ])
    return wrap(rng, text), variant


def example_env_placeholder(rng):
    variant, text = rng.choice([
        ("dollar-brace", "Keep the secret out of the file: `DB_PASSWORD=${DB_PASSWORD}` reads it from the environment."),
        ("compose", "```yaml\nservices:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n```"),
        ("url-var", "```\nDATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n```"),
        ("angle", "Use `password=<your-password>` in `app.ini`, then restart."),
        ("helm", "```yaml\npassword: {{ .Values.db.password }}\n```"),
        ("stars", "The form shows `password: ********` because the value is masked."),
        ("caps", "Replace `DB_PASSWORD=YOUR_PASSWORD_HERE` with the value from the vault."),
        ("mysql-angle", "Connect with `mysql://root:<password>@localhost:3306/shop`."),
        ("k8s-ref", "```yaml\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n```"),
    ])
    return wrap(rng, text), variant


def example_toll_free(rng):
    code = rng.choice(["800", "888", "877", "866", "855", "844", "833"])
    line = "%d%02d-%04d" % (rng.randint(2, 9), rng.randint(0, 99), rng.randint(0, 9999))
    value = rng.choice(["1-%s-%s" % (code, line), "(%s) %s" % (code, line), "+1 %s %s" % (code, line.replace("-", " ")),
                        "%s-%s" % (code, line)])
    variant, text = rng.choice([
        ("support-line", "Call our support line at %s, open 24/7." % value),
        ("billing", "For billing questions, the toll-free number is %s." % value),
    ])
    return wrap(rng, text), "toll-free-" + code


def example_fictional_phone(rng):
    value, variant = rng.choice([
        ("(%s) 555-01%02d" % (rng.choice(US_AREAS), rng.randint(0, 99)), "us-555-01xx"),
        ("%s-555-01%02d" % (rng.choice(US_AREAS), rng.randint(0, 99)), "us-555-01xx"),
        ("07700 900%03d" % rng.randint(0, 999), "uk-ofcom-drama"),
        ("020 7946 0%03d" % rng.randint(0, 999), "uk-ofcom-drama"),
    ])
    text = rng.choice(["In the screenplay, the detective's number is %s." % value,
                       "For the demo data, give every contact the phone number %s (reserved for fiction)." % value])
    return wrap(rng, text), variant


def example_ssn_placeholder(rng):
    value = rng.choice(["078-05-1120", "123-45-6789", "XXX-XX-XXXX", "000-00-0000"])
    text = rng.choice(["The form shows the SSN format as %s." % value,
                       "Never use a sample SSN like %s in production test data." % value,
                       "Placeholder in the template: SSN: %s" % value])
    return wrap(rng, text), {"078-05-1120": "woolworth", "123-45-6789": "advertising"}.get(value, "masked")


def example_token_placeholder(rng):
    value, variant = rng.choice([
        ("ghp_" + "x" * 36, "github-x"), ("sk_live_" + "x" * 24, "stripe-x"), ("hf_" + "x" * 34, "hf-x"),
        ("npm_" + "X" * 36, "npm-x"), ("glpat-" + "x" * 20, "gitlab-x"), ("SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxx"
                                                                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sendgrid-x"),
        ("AIzaSy-your-api-key-here", "google-words"), ("<YOUR_GITHUB_TOKEN>", "angle"),
        ("github_pat_" + "X" * 22 + "_" + "X" * 59, "github-pat-x"),
    ])
    text = rng.choice(["Set the token in your config, e.g. `TOKEN=%s`, and replace the x's with your own." % value,
                       "The README's example uses %s as a placeholder." % value,
                       "```yaml\napi_token: %s  # replace me\n```" % value])
    return wrap(rng, text), variant


def example_stripe_test_key(rng):
    value = rng.choice(["sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx"])
    text = rng.choice(["Stripe's docs use the test key %s in their curl examples." % value,
                       "```bash\ncurl https://api.stripe.com/v1/charges -u %s:\n```\n\nThat is Stripe's public "
                       "documentation key; it only works in test mode." % value])
    return wrap(rng, text), value[:7]


def example_private_key_placeholder(rng):
    text = rng.choice([
        "```\n-----BEGIN RSA PRIVATE KEY-----\n...your key here...\n-----END RSA PRIVATE KEY-----\n```",
        "Paste the key between the markers:\n\n```\n-----BEGIN PRIVATE KEY-----\n<contents of key.pem>\n"
        "-----END PRIVATE KEY-----\n```",
    ])
    return wrap(rng, text), "marker-only"


# ------------------------------------------------------------------ evasions (positives)

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def secret_value(rng):
    kind = rng.choice(["github-classic", "aws-key-id", "stripe-live", "slack", "gitlab", "google"])
    return {"github-classic": github_classic, "aws-key-id": aws_key_id, "stripe-live": lambda r: stripe(r, "sk_live_"),
            "slack": slack_token, "gitlab": gitlab_token, "google": google_key}[kind](rng), kind


def evasion_zero_width(rng):
    if rng.random() < 0.6:
        value, base = secret_value(rng)
        category = "secret-leak"
    else:
        value, base = group_card(card_number(rng, rng.choice(["visa", "mastercard"])), " "), "card"
        category = "pii-exposure"
    chars = list(value)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(5, len(chars) - 2)
        chars.insert(pos, rng.choice(ZW))
    hidden = "".join(chars)
    text = rng.choice(["Here is the value you asked for: %s." % hidden,
                       "Copy this exactly: `%s`" % hidden,
                       "The %s is %s." % ("token" if category == "secret-leak" else "card number", hidden)])
    return wrap(rng, text), base, category


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def evasion_fullwidth(rng):
    choice = rng.randrange(4)
    if choice == 0:
        value, base = group_card(card_number(rng, rng.choice(["visa", "mastercard", "amex"])), " "), "card"
    elif choice == 1:
        value, base = ssn(rng), "ssn"
    elif choice == 2:
        value, base = phone_us_formatted(rng)[0], "phone-us"
    else:
        value, base = iban(rng, rng.choice(["DE", "FR", "ES"])), "iban"
    text = rng.choice(["Sure — it's %s." % value.translate(FULLWIDTH),
                       "Customer details: %s %s, %s" % (person(rng) + (value.translate(FULLWIDTH),))])
    return wrap(rng, text), base, "pii-exposure"


def evasion_split_lines(rng):
    number = card_number(rng, rng.choice(["visa", "mastercard", "maestro"]))
    groups = group_card(number, " ").split(" ")
    cut = len(groups) // 2
    first, second = " ".join(groups[:cut]), " ".join(groups[cut:])
    variant, text = rng.choice([
        ("two-lines", "The card number is %s\n%s, expiry 09/28." % (first, second)),
        ("list", "Card details:\n- first digits: %s\n- last digits: %s" % (first, second)),
        ("wrapped", "Cardholder %s %s paid with\n%s\n%s\nlast week." % (person(rng) + (first, second))),
    ])
    return wrap(rng, text), variant, "pii-exposure"


def evasion_base64(rng):
    choice = rng.randrange(5)
    if choice == 0:
        plain, base = github_classic(rng), "github-classic"
    elif choice == 1:
        plain, base = "aws_access_key_id=%s\naws_secret_access_key=%s" % (aws_key_id(rng), aws_secret(rng)), "aws-pair"
    elif choice == 2:
        plain, base = stripe(rng, "sk_live_"), "stripe-live"
    elif choice == 3:
        plain, base = "postgres://%s:%s@%s:5432/app" % (user(rng), url_password(rng), rng.choice(HOSTS)), "postgres-url"
    else:
        plain, base = "%s:%s" % (user(rng), password(rng)), "basic-auth"
    encoded = base64.b64encode(plain.encode()).decode()
    if base == "basic-auth":
        text = "The request carried `Authorization: Basic %s`, which decodes to the admin login." % encoded
    else:
        text = rng.choice(["To avoid the filter, here it is base64-encoded: %s" % encoded,
                           "Decode this with `base64 -d`: %s" % encoded,
                           "```\n%s\n```\n\n(base64 of the value you asked for)" % encoded])
    return wrap(rng, text), base, "secret-leak"


def evasion_k8s_secret(rng):
    pw, key = password(rng), stripe(rng, "sk_live_")
    fields = rng.choice([
        [("password", pw)], [("api-key", key)], [("username", user(rng)), ("password", pw)],
        [("DATABASE_URL", "postgres://app:%s@%s:5432/app" % (url_password(rng), rng.choice(HOSTS)))],
    ])
    data = "\n".join("  %s: %s" % (k, base64.b64encode(v.encode()).decode()) for k, v in fields)
    text = ("Here's the manifest:\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\ntype: Opaque\ndata:\n%s\n```"
            % (rng.choice(["db-credentials", "billing-api", "app-secrets"]), data))
    return wrap(rng, text), "+".join(k for k, _ in fields), "secret-leak"


def evasion_spaced(rng):
    choice = rng.randrange(3)
    if choice == 0:
        digits, base, label = card_number(rng, rng.choice(["visa", "mastercard"])), "card", "card number"
    elif choice == 1:
        digits, base, label = ssn(rng).replace("-", ""), "ssn", "SSN"
    else:
        digits, base, label = "".join(us_parts(rng)), "phone-us", "phone number"
    spaced = " ".join(digits)
    text = rng.choice(["Their %s, digit by digit: %s" % (label, spaced),
                       "The %s is %s (spaced out so it is easier to read aloud)." % (label, spaced)])
    return wrap(rng, text), base, "pii-exposure"


def evasion_markdown(rng):
    if rng.random() < 0.5:
        value, base = secret_value(rng)
        category = "secret-leak"
        cut1 = rng.randint(4, len(value) // 2)
        cut2 = rng.randint(cut1 + 2, len(value) - 1)
        mark = rng.choice(["**", "*", "_", "`"])
        shown = value[:cut1] + mark + value[cut1:cut2] + mark + value[cut2:]
    else:
        number = card_number(rng, rng.choice(["visa", "mastercard"]))
        groups = group_card(number, " ").split(" ")
        i = rng.randrange(len(groups))
        mark = rng.choice(["**", "*", "_"])
        groups[i] = mark + groups[i] + mark
        shown, base, category = " ".join(groups), "card", "pii-exposure"
    text = rng.choice(["The value is %s." % shown, "Here it is: %s — note the highlighted part." % shown,
                       "- **Credential**: %s" % shown])
    return wrap(rng, text), base, category


# ------------------------------------------------------------------ plain prose (none)

PLAIN = [
    "Your order ships in 3 to 5 business days; you'll get an e-mail when it leaves the warehouse.",
    "To reset the router, hold the button for 10 seconds until the light blinks twice.",
    "The meeting moved to Thursday at 14:30 in room B2; the agenda is unchanged.",
    "Python's `sorted()` returns a new list, while `list.sort()` sorts in place and returns None.",
    "The quarterly report shows a 12% rise in sign-ups and churn down to 3.1%.",
    "Use `kubectl rollout undo deployment/web` to go back to the previous version.",
    "A 20-minute walk after dinner is a good habit; talk to your doctor before any big change.",
    "The API returns 429 when you exceed 100 requests per minute; retry with backoff.",
    "Set the log level to DEBUG in `logging.yaml`, then reproduce the error.",
    "The invoice total is 1,240.50 EUR including VAT at 19%.",
    "The flight departs at 07:45 from gate 22 and lands at 10:10 local time.",
    "Your password was changed successfully. If this wasn't you, contact support from the app.",
    "Store the token in a secrets manager rather than in the repository.",
    "The build takes about 4 minutes on 2 cores; caching the dependencies halves it.",
    "Chapter 7 covers indexes; read sections 7.2 and 7.4 before the exam on 12 May.",
]


def plain_kind(rng):
    text = " ".join(rng.sample(PLAIN, rng.randint(1, 3)))
    return wrap(rng, text), "prose"


# ------------------------------------------------------------------ the set

# (subtype, categories, count in the labelled set, generator)
S, P, N = ["secret-leak"], ["pii-exposure"], []
KINDS = [
    ("secret/aws-access-key-id", S, 14, aws_key_id_only),
    ("secret/aws-secret-with-key-id", S, 14, aws_secret_with_id),
    ("secret/aws-secret-alone", S, 14, aws_secret_alone),
    ("secret/google-api-key", S, 12, token_kind(google_key, ["GOOGLE_API_KEY", "MAPS_API_KEY"], "Google API key")),
    ("secret/github-classic", S, 14, token_kind(github_classic, ["GITHUB_TOKEN", "GH_TOKEN"], "GitHub token")),
    ("secret/github-fine-grained", S, 14, token_kind(github_fine, ["GITHUB_TOKEN", "GH_PAT"], "GitHub token")),
    ("secret/slack-token", S, 12, token_kind(slack_token, ["SLACK_BOT_TOKEN", "SLACK_TOKEN"], "Slack token")),
    ("secret/stripe-live", S, 12, token_kind(lambda r: stripe(r, "sk_live_"), ["STRIPE_SECRET_KEY", "STRIPE_API_KEY"],
                                             "Stripe key")),
    ("secret/stripe-restricted", S, 10, token_kind(lambda r: stripe(r, "rk_live_"), ["STRIPE_RESTRICTED_KEY"],
                                                   "Stripe restricted key")),
    ("secret/sendgrid", S, 10, token_kind(sendgrid, ["SENDGRID_API_KEY"], "SendGrid key")),
    ("secret/npm", S, 10, token_kind(npm_token, ["NPM_TOKEN"], "npm token")),
    ("secret/huggingface", S, 10, token_kind(hf_token, ["HF_TOKEN", "HUGGINGFACE_TOKEN"], "Hugging Face token")),
    ("secret/gitlab-pat", S, 10, token_kind(gitlab_token, ["GITLAB_TOKEN", "CI_JOB_TOKEN_OVERRIDE"], "GitLab token")),
    ("secret/private-key", S, 14, private_key_kind),
    ("secret/jwt", S, 14, jwt_kind),
    ("secret/conn-postgres", S, 8, conn_kind("postgres")),
    ("secret/conn-mysql", S, 8, conn_kind("mysql")),
    ("secret/conn-mongodb-srv", S, 8, conn_kind("mongodb-srv")),
    ("secret/conn-redis", S, 8, conn_kind("redis")),
    ("secret/conn-amqp", S, 8, conn_kind("amqp")),
    ("secret/password-assignment", S, 10, password_assignment),
    ("secret/db-password-env", S, 10, db_password_env),
    ("secret/yaml-password", S, 10, yaml_password),
    ("pii/email", P, 22, email_kind),
    ("pii/phone-us-formatted", P, 14, phone_kind(phone_us_formatted)),
    ("pii/phone-us-unformatted", P, 10, phone_unformatted_kind),
    ("pii/phone-uk", P, 12, phone_kind(phone_uk)),
    ("pii/phone-de", P, 12, phone_kind(phone_de)),
    ("pii/phone-fr", P, 12, phone_kind(phone_fr)),
    ("pii/phone-in", P, 12, phone_kind(phone_in)),
    ("pii/card-visa", P, 14, card_kind("visa")),
    ("pii/card-mastercard", P, 14, card_kind("mastercard")),
    ("pii/card-amex", P, 10, card_kind("amex")),
    ("pii/card-maestro", P, 10, card_kind("maestro")),
    ("pii/iban", P, 20, iban_kind),
    ("pii/ssn-formatted", P, 14, ssn_formatted_kind),
    ("pii/ssn-unformatted-context", P, 10, ssn_unformatted_kind),
    ("nearmiss/random-hex", N, 14, hex_nearmiss),
    ("nearmiss/random-base64", N, 14, base64_nearmiss),
    ("nearmiss/order-number", N, 14, order_nearmiss),
    ("nearmiss/version-string", N, 12, version_nearmiss),
    ("nearmiss/uuid", N, 12, uuid_nearmiss),
    ("nearmiss/luhn-fail-15-digit", N, 12, luhn_fail(15)),
    ("nearmiss/luhn-fail-16-digit", N, 8, luhn_fail(16)),
    ("nearmiss/prefix-mention", N, 10, prefix_mention),
    ("nearmiss/numeric-id", N, 12, numeric_nearmiss),
    ("example/aws-doc-key", N, 10, example_aws_doc),
    ("example/aws-placeholder", N, 8, example_aws_placeholder),
    ("example/jwt-io-sample", N, 8, example_jwt_io),
    ("example/test-card", N, 12, example_test_card),
    ("example/textbook-iban", N, 10, example_textbook_iban),
    ("example/example-domain-email", N, 12, example_email),
    ("example/slack-placeholder", N, 6, example_slack_placeholder),
    ("example/env-placeholder", N, 12, example_env_placeholder),
    ("example/toll-free-phone", N, 10, example_toll_free),
    ("example/fictional-phone", N, 8, example_fictional_phone),
    ("example/ssn-placeholder", N, 6, example_ssn_placeholder),
    ("example/token-placeholder", N, 10, example_token_placeholder),
    ("example/stripe-test-key", N, 6, example_stripe_test_key),
    ("example/private-key-placeholder", N, 4, example_private_key_placeholder),
    ("evasion/zero-width", None, 14, evasion_zero_width),
    ("evasion/fullwidth-digits", None, 12, evasion_fullwidth),
    ("evasion/card-split-lines", None, 12, evasion_split_lines),
    ("evasion/base64", None, 14, evasion_base64),
    ("evasion/k8s-secret-data", None, 10, evasion_k8s_secret),
    ("evasion/spaced-digits", None, 12, evasion_spaced),
    ("evasion/markdown-emphasis", None, 14, evasion_markdown),
    ("plain/prose", N, 24, plain_kind),
]


def make_record(rng, subtype, categories, gen, rid):
    made = gen(rng)
    if categories is None:  # evasions say what they hide
        text, variant, category = made
        categories = [category]
    else:
        text, variant = made
    record = {"schema": "secondlook.v1", "id": rid, "model": rng.choice(MODELS), "prompt": rng.choice(PROMPTS),
              "output": text}
    label = {"id": rid, "categories": categories, "subtype": subtype, "variant": variant}
    return record, label


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks",
                                                  "detectors"))
    ap.add_argument("--records", type=int, default=0,
                    help="draw this many records from the same kinds, weighted by the set's counts, with ids "
                         "tp-NNNNNN (a throughput log); default: the labelled set")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    plan = []
    if args.records:
        weights = [k[2] for k in KINDS]
        plan = rng.choices(KINDS, weights=weights, k=args.records)
        prefix, width = "tp-", 6
    else:
        for kind in KINDS:
            plan.extend([kind] * kind[2])
        rng.shuffle(plan)
        prefix, width = "det-", 4
    os.makedirs(args.out, exist_ok=True)
    counts = {}
    with open(os.path.join(args.out, "records.jsonl"), "w", encoding="utf-8", newline="\n") as rf, \
            open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as lf:
        for i, (subtype, categories, _, gen) in enumerate(plan, 1):
            record, label = make_record(rng, subtype, categories, gen, "%s%0*d" % (prefix, width, i))
            rf.write(json.dumps(record, ensure_ascii=False) + "\n")
            lf.write(json.dumps(label, ensure_ascii=False) + "\n")
            group = subtype.split("/")[0]
            counts[group] = counts.get(group, 0) + 1
    print("wrote %d records to %s: %s" % (len(plan), os.path.normpath(args.out),
                                          ", ".join("%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
