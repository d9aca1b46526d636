//! The `PortalClient` sign-in methods (filled in next).
