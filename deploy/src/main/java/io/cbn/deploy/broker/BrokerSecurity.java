package io.cbn.deploy.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The secrets of a secured local broker (docs/design.md, "Security"): a throwaway CA, the broker's key and
 * certificate, a truststore for clients, and one SCRAM-SHA-512 password per cbn user ({@link #USERS}). Everything is
 * generated with the JDK and BouncyCastle (no openssl) into one directory, mode 700, files mode 600, and reused on
 * later starts of a persistent broker. Each user gets {@code client-<user>.properties}, a standard Kafka client
 * properties file for {@code --kafka-config} / {@code kafka.*}. Passwords are never logged: only paths are.
 */
public final class BrokerSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The users cbn's parts authenticate as; {@code admin} is the broker's own (inter-broker, ACL setup). */
    public static final List<String> USERS = List.of("admin", "producer", "worker", "aggregator");
    /** Distinguished name of the broker's certificate; the controller listener authenticates the broker by it. */
    static final String BROKER_DN = "CN=cbn-local-broker";

    private static final String STORE_TYPE = "PKCS12";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Properties secrets;

    private BrokerSecurity(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /**
     * Loads the secrets in {@code dir}, or generates them there when it holds none.
     *
     * @param host the address the broker listens on and clients connect to (in the certificate)
     */
    public static BrokerSecurity createOrLoad(Path dir, String host) {
        try {
            Path secretsFile = dir.resolve("secrets.properties");
            if (Files.isRegularFile(secretsFile)) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                return new BrokerSecurity(dir, p);
            }
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            Properties p = new Properties();
            p.setProperty("store.password", password());
            for (String user : USERS) {
                p.setProperty("user." + user, password());
            }
            BrokerSecurity security = new BrokerSecurity(dir, p);
            security.writeStores(host);
            for (String user : USERS) {
                security.writeClientConfig(user);
            }
            writePrivate(secretsFile, out -> {
                try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                    p.store(w, "cbn local broker secrets: generated, never logged");
                }
            });
            return security;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker security in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate broker keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directory holding the stores and client configs. */
    public Path dir() {
        return dir;
    }

    /** {@code client-<user>.properties}: security.protocol, SASL and truststore settings for that user. */
    public Path clientConfigFile(String user) {
        requireUser(user);
        return dir.resolve("client-" + user + ".properties");
    }

    /** The same settings as {@link #clientConfigFile} holds, as a map for a Kafka client. */
    public Map<String, Object> clientConfig(String user) {
        return clientConfig(user, password(user));
    }

    /** Client settings for a user with the given password (tests use it to try a wrong one). */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas(user, password));
        c.put("ssl.truststore.type", STORE_TYPE);
        c.put("ssl.truststore.location", dir.resolve("truststore.p12").toString());
        c.put("ssl.truststore.password", secrets.getProperty("store.password"));
        return c;
    }

    /** {@code SCRAM-SHA-512=[name=U,password=P]} for every user, for the log dir formatter. */
    List<String> scramArguments() {
        List<String> args = new ArrayList<>();
        for (String user : USERS) {
            args.add(MECHANISM + "=[name=" + user + ",password=" + password(user) + "]");
        }
        return args;
    }

    /**
     * Broker settings: clients on SASL_SSL (SCRAM-SHA-512), the controller on TLS with client certificates (only the
     * broker's own certificate gets in), StandardAuthorizer with no access unless an ACL grants it.
     */
    Map<String, String> brokerConfig(String clientListener, String controllerListener) {
        Map<String, String> c = new LinkedHashMap<>();
        String store = secrets.getProperty("store.password");
        c.put("listener.security.protocol.map", clientListener + ":SASL_SSL," + controllerListener + ":SSL");
        c.put("sasl.enabled.mechanisms", MECHANISM);
        c.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        c.put("listener.name." + clientListener.toLowerCase() + "." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                jaas("admin", password("admin")));
        c.put("ssl.keystore.type", STORE_TYPE);
        c.put("ssl.keystore.location", dir.resolve("broker.keystore.p12").toString());
        c.put("ssl.keystore.password", store);
        c.put("ssl.key.password", store);
        c.put("ssl.truststore.type", STORE_TYPE);
        c.put("ssl.truststore.location", dir.resolve("truststore.p12").toString());
        c.put("ssl.truststore.password", store);
        c.put("listener.name." + controllerListener.toLowerCase() + ".ssl.client.auth", "required");
        c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.put("super.users", "User:admin;User:" + BROKER_DN);
        c.put("allow.everyone.if.no.acl.found", "false");
        return c;
    }

    private String password(String user) {
        requireUser(user);
        return secrets.getProperty("user." + user);
    }

    private static void requireUser(String user) {
        if (!USERS.contains(user)) {
            throw new IllegalArgumentException("unknown cbn user '" + user + "' (users: " + USERS + ")");
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String password() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void writeClientConfig(String user) throws IOException {
        Properties p = new Properties();
        clientConfig(user).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        writePrivate(clientConfigFile(user), out -> {
            try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                p.store(w, "Kafka client settings of cbn user '" + user + "' for the secured local broker"
                        + " (--kafka-config FILE, or as kafka.* settings)");
            }
        });
    }

    private void writeStores(String host) throws GeneralSecurityException, IOException,
            org.bouncycastle.operator.OperatorCreationException {
        char[] store = secrets.getProperty("store.password").toCharArray();
        KeyPair caKey = ecKeyPair();
        X509Certificate ca = certificate(new X500Name("CN=cbn local CA"), caKey, new X500Name("CN=cbn local CA"), caKey, true, host);
        KeyPair brokerKey = ecKeyPair();
        X509Certificate broker = certificate(new X500Name(BROKER_DN), brokerKey, new X500Name("CN=cbn local CA"), caKey, false, host);

        KeyStore keystore = KeyStore.getInstance(STORE_TYPE);
        keystore.load(null, null);
        keystore.setKeyEntry("broker", brokerKey.getPrivate(), store, new Certificate[] {broker, ca});
        saveStore(keystore, dir.resolve("broker.keystore.p12"), store);

        KeyStore truststore = KeyStore.getInstance(STORE_TYPE);
        truststore.load(null, null);
        truststore.setCertificateEntry("cbn-local-ca", ca);
        saveStore(truststore, dir.resolve("truststore.p12"), store);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
                                               boolean ca, String host)
            throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
                boolean ip = host.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == ':');
                names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static void saveStore(KeyStore store, Path file, char[] password) throws IOException {
        writePrivate(file, out -> {
            try {
                store.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a file only its owner can read: created mode 600 under a temp name, then renamed. */
    private static void writePrivate(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrict(tmp, "rw-------");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path path, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }
}
