package dev.secondlook.aws.ssm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.CandidateSource;
import dev.secondlook.core.evalrun.CandidateSpec;
import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The candidate parameter in SSM Parameter Store ({@code /secondlook/<stack>/candidate}): its value parsed as a
 * {@link CandidateSpec}, and its version. A missing parameter, or a value that is not a candidate, is the
 * operator's mistake ({@link IllegalArgumentException}); any other failure is transient.
 */
public final class SsmCandidateParameter {

    private final SsmClient ssm;
    private final ObjectMapper mapper;

    public SsmCandidateParameter(SsmClient ssm, ObjectMapper mapper) {
        this.ssm = ssm;
        this.mapper = mapper;
    }

    public CandidateSource.Current current(String name) {
        GetParameterResponse r;
        try {
            r = ssm.getParameter(b -> b.name(name));
        } catch (ParameterNotFoundException e) {
            throw new IllegalArgumentException("no parameter " + name);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read parameter " + name, e);
        }
        return new CandidateSource.Current(CandidateSpec.parse(r.parameter().value(), mapper),
                r.parameter().version() == null ? 0 : r.parameter().version());
    }
}
