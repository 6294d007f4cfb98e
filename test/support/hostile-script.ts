// Hostile init-script text for the importer's linear-time test and bench: unbalanced brackets, "${"
// without "}", automatic variables, typed assignments.
export function hostileScript(bytes: number): string {
  const unit =
    "$PxAzureLocation = @( 'westeurope', (\n$PxVmssRegion = \"${x\" + $$ + (\n[string]$PxBaseConnName = 'a' + @(\n";
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}
