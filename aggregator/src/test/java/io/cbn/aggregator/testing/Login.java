package io.cbn.aggregator.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The test users of {@code src/test/resources/http/users.properties} (the %test profile's users file). */
public final class Login {

    public static final String USER = "ops";
    public static final String PASSWORD = "ops-test-password";
    /** A user who can log in but has no {@code viewer} role. */
    public static final String GUEST = "guest";
    public static final String GUEST_PASSWORD = "guest-test-password";

    private Login() { }

    /** A request with the viewer's credentials, sent with the first request (no 401 round trip). */
    public static RequestSpecification asViewer() {
        return given().auth().preemptive().basic(USER, PASSWORD);
    }
}
