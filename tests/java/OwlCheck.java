// Checks OWL files with the OWL API's OWL 2 DL profile checker and the HermiT reasoner, both from the HermiT.jar
// that owlready2 ships (PyPI). Run: java -cp HermiT.jar OwlCheck.java FILE... (the files are merged into one ontology).
// Prints one line per finding ("violation: ...", "unsatisfiable: ...", "inconsistent") and "checked: N axioms";
// exits 0 when the files load, whatever the findings, and 2 when they cannot be loaded.
import java.io.File;
import java.util.Set;
import java.util.TreeSet;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.OWLOntologyMerger;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        try {
            for (String path : args) {
                manager.loadOntologyFromOntologyDocument(new File(path));
            }
        } catch (Exception e) {
            System.out.println("unloadable: " + e.getMessage().split("\n")[0]);
            System.exit(2);
        }
        OWLOntology merged = new OWLOntologyMerger(manager).createMergedOntology(manager, IRI.create("urn:okg:check"));
        Set<String> findings = new TreeSet<>();
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(merged).getViolations()) {
            findings.add("violation: " + v.toString().replace("\n", " "));
        }
        Reasoner reasoner;
        try {
            reasoner = new Reasoner(new Configuration(), merged);
        } catch (Exception e) {
            findings.add("reasoner refused: " + String.valueOf(e.getMessage()).split("\n")[0]);
            findings.forEach(System.out::println);
            System.out.println("checked: " + merged.getAxiomCount() + " axioms");
            return;
        }
        if (!reasoner.isConsistent()) {
            findings.add("inconsistent");
        } else {
            for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                findings.add("unsatisfiable: " + c.getIRI());
            }
        }
        findings.forEach(System.out::println);
        System.out.println("checked: " + merged.getAxiomCount() + " axioms");
    }
}
