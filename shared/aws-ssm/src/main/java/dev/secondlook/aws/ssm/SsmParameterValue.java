package dev.secondlook.aws.ssm;

import dev.secondlook.core.failure.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** A plain String parameter's current value (e.g. the pinned URI of the policy in force). */
public final class SsmParameterValue {

    private final SsmClient ssm;
    private final String name;

    public SsmParameterValue(SsmClient ssm, String name) {
        this.ssm = ssm;
        this.name = name;
    }

    /**
     * @throws IllegalArgumentException   when there is no such parameter
     * @throws StoreUnavailableException when it cannot be read now
     */
    public String current() {
        try {
            return ssm.getParameter(b -> b.name(name)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new IllegalArgumentException("no parameter " + name);
        } catch (SdkException e) {
            throw new StoreUnavailableException("cannot read parameter " + name, e);
        }
    }
}
