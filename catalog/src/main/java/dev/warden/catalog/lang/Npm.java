package dev.warden.catalog.lang;

/** npm names: "@scope/name" becomes namespace "@scope" and name "name" in the purl. */
final class Npm {
    private Npm() {}

    static LangPackages.Coordinates coordinates(String fullName, String version) {
        int slash = fullName.indexOf('/');
        if (fullName.startsWith("@") && slash > 1) {
            return new LangPackages.Coordinates("npm", fullName.substring(0, slash), fullName.substring(slash + 1), version);
        }
        return new LangPackages.Coordinates("npm", null, fullName, version);
    }
}
