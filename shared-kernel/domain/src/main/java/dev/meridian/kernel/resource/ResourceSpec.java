package dev.meridian.kernel.resource;

/** The body of a resource: everything but its type, mesh, name and timestamps. */
public sealed interface ResourceSpec
    permits MeshSpec,
        DataplaneSpec,
        ZoneIngressSpec,
        PolicySpec,
        UserTokenRevocationSpec,
        SecretSpec,
        DataplaneTokenRevocationSpec,
        AccessRoleSpec,
        AccessRoleBindingSpec,
        ZoneSpec {}
