package io.cbn.worker.build;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cbn.worker.WorkerId;

/** {@code GET /build}: the same version and commit the worker stamps on every result, and its worker id. */
@Path("/build")
public class BuildResource {

    /** The JSON body. */
    public record View(String version, String commit, String workerId) { }

    @Inject
    BuildInfo build;

    @Inject
    WorkerId workerId;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public View get() {
        return new View(build.version(), build.commit(), workerId.value());
    }
}
