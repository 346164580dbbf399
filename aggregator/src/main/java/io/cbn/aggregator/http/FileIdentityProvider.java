package io.cbn.aggregator.http;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * HTTP Basic logins checked against {@link HttpLogin}'s users file (docs/design.md, Security). Which paths need
 * which role is {@code quarkus.http.auth.permission.*} in application.properties: everything but the probes and
 * the metrics needs {@code viewer}.
 */
@ApplicationScoped
public class FileIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    HttpLogin login;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        // an MD5 of a few bytes against a map in memory: cheap enough for the event loop
        String user = request.getUsername();
        Set<String> roles = login.authenticate(user, request.getPassword().getPassword()).orElse(null);
        if (roles == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRoles(roles)
                .addCredential(request.getPassword())
                .build());
    }
}
