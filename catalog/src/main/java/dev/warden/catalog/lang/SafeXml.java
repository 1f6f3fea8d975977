package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The JDK's XML parser with DOCTYPEs refused: manifests (POMs, .NET project files) have none, and entities are how
 * XML bombs and reads of other files get in. Callers bound the input's size before.
 */
final class SafeXml {
    private SafeXml() {}

    /** Parses {@code bytes}; bad XML is a {@link WardenException} naming {@code where} and saying it is not a {@code what}. */
    static Document parse(byte[] bytes, String where, String what) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new WardenException(where + ": not a readable " + what + " (" + e.getMessage() + ")");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its own secure settings", e);
        }
    }
}
