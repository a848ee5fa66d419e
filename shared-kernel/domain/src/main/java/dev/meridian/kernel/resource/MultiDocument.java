package dev.meridian.kernel.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.kernel.json.DomainJson;
import dev.meridian.kernel.validation.MalformedInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of one body that holds several resources: YAML documents separated by {@code ---}
 * (empty ones skipped), or JSON as an array of documents or documents one after the other. Each
 * document is returned as parsed, unchecked; what it means is {@link ResourceDocument}'s to say.
 */
public final class MultiDocument {
  private MultiDocument() {}

  public static List<JsonNode> read(byte[] body, ResourceDocument.Format format) {
    ObjectMapper mapper =
        format == ResourceDocument.Format.YAML ? DomainJson.yaml() : DomainJson.canonical();
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = mapper.readerFor(JsonNode.class).readValues(body)) {
      while (values.hasNextValue()) {
        JsonNode document = values.nextValue();
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (document.isArray() && format == ResourceDocument.Format.JSON) {
          document.forEach(documents::add);
        } else {
          documents.add(document);
        }
      }
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new MalformedInputException(
          "could not parse the body as " + format.name() + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedInputException("could not read the body: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw new MalformedInputException("the body holds no document");
    }
    return documents;
  }
}
