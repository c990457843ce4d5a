# opinus_target_defaults(TARGET): warnings on, as every Opinus target wants.
function(opinus_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
endfunction()
