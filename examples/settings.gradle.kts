// The examples as a Gradle build (Kotlin DSL), beside pom.xml. Install the library first:
// `mvn install -DskipTests` in the folder above puts it in ~/.m2, which mavenLocal() reads.
rootProject.name = "fairtune-examples"
