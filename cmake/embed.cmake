# Turn a text file into a C string constant:
#   cmake -DINPUT=file -DOUTPUT=file.c -DNAME=symbol -P embed.cmake
file(READ "${INPUT}" text)
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\n" "\\n\"\n\t\"" text "${text}")
file(WRITE "${OUTPUT}" "/* generated from ${INPUT} by cmake/embed.cmake: do not edit */\nconst char ${NAME}[] =\n\t\"${text}\";\n")
