# gfo_check_embedded_python(<python> <missing_var> <reason_var>)
#
# gfo_optuna_embed runs Optuna in an embedded copy of <python>, so that interpreter must be able to
# import optuna, or every program built on it fails at run time, in Runtime's constructor. Runs
# <python> and sets <missing_var> to the first module of `optuna`, `optuna_gfo` that it cannot
# import (empty when both import) and <reason_var> to Python's error message.
# Used where gfo_optuna_embed is configured (embed/) and by the installed package config.
function(gfo_check_embedded_python python missing_var reason_var)
  # Exit status 2: no optuna; 3: optuna but no optuna_gfo. The output says why.
  execute_process(
    COMMAND "${python}" -c [=[
import sys
try:
    import optuna
except Exception as error:
    print(f"{type(error).__name__}: {error}")
    sys.exit(2)
try:
    import optuna_gfo
except Exception as error:
    print(f"{type(error).__name__}: {error}")
    sys.exit(3)
]=]
    RESULT_VARIABLE result
    OUTPUT_VARIABLE reason
    ERROR_VARIABLE reason
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_STRIP_TRAILING_WHITESPACE)
  if(result EQUAL 0)
    set(missing "")
  elseif(result EQUAL 3)
    set(missing optuna_gfo)
  else()
    # 2, or the interpreter did not run at all (gone, not executable): optuna is out of reach.
    set(missing optuna)
    if(reason STREQUAL "")
      set(reason "${result}")
    endif()
  endif()
  set(${missing_var} "${missing}" PARENT_SCOPE)
  set(${reason_var} "${reason}" PARENT_SCOPE)
endfunction()
