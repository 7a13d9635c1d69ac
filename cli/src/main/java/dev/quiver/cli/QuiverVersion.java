package dev.quiver.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code quiver --version}: the version in the jar's manifest (the Maven project version). */
public final class QuiverVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = QuiverVersion.class.getPackage().getImplementationVersion();
        return new String[] {"quiver " + (version == null ? "(development build, not from a jar)" : version)};
    }
}
